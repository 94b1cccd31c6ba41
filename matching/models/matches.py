"""Matches of citizens with activities, and each match's status history."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetingplaces.models import Activity, Organisation, Volunteer
from security.cpr import refuse_cpr_number

from .citizens import Citizen


class MatchQuerySet(models.QuerySet):
    def open(self):
        """Matches still under way: proposed, or holding a seat."""
        return self.filter(status__in=Match.OPEN)

    def holding_seats(self):
        """Matches that hold a seat at their activity (accepted, until they end)."""
        return self.filter(status__in=Match.SEAT_HOLDING)


class Match(models.Model):
    """A proposed pairing of a citizen with an activity, and what became of it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Foreslået")
        ACCEPTED = "accepted", _("Accepteret")
        CONTACTED = "contacted", _("Kontaktet")
        FIRST_VISIT = "first_visit", _("Første besøg")
        PARTICIPATING = "participating", _("Deltager")
        ENDED = "ended", _("Afsluttet")
        DECLINED = "declined", _("Afvist")
        WITHDRAWN = "withdrawn", _("Trukket tilbage")

    # Statuses in which the match holds a seat at the activity.
    SEAT_HOLDING = (Status.ACCEPTED, Status.CONTACTED, Status.FIRST_VISIT, Status.PARTICIPATING)
    OPEN = (Status.PROPOSED, *SEAT_HOLDING)
    # The steps after acceptance, in order: from each status, the step recorded next.
    NEXT_STEPS = {
        Status.ACCEPTED: Status.CONTACTED,
        Status.CONTACTED: Status.FIRST_VISIT,
        Status.FIRST_VISIT: Status.PARTICIPATING,
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    citizen = models.ForeignKey(
        Citizen, on_delete=models.CASCADE, related_name="matches", verbose_name=_("borger")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="matches", verbose_name=_("aktivitet")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="matches",
        verbose_name=_("organisation"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matches",
        verbose_name=_("koordinator"),
    )
    companion = models.ForeignKey(
        Volunteer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matches",
        verbose_name=_("følgeven"),
    )
    score = models.FloatField(_("point"))
    reasons = models.JSONField(_("begrundelser"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    decline_reason = models.CharField(
        _("årsag til afvisning"), max_length=300, blank=True, validators=[refuse_cpr_number]
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status ændret"), auto_now_add=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            # A pair is proposed once: a declined pair stays declined.
            models.UniqueConstraint(fields=["citizen", "activity"], name="match_unique_pair"),
            models.CheckConstraint(condition=Q(score__gte=0), name="match_score_non_negative"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="match_declined_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="match_inbox_idx"),
            models.Index(fields=["activity", "status"], name="match_seats_idx"),
        ]

    def __str__(self):
        return f"{self.citizen} → {self.activity}"

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEAT_HOLDING

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def next_step(self) -> str | None:
        """The follow-up step to record next (contacted, first visit, taking part), if any."""
        return self.NEXT_STEPS.get(self.status)

    @property
    def can_end(self) -> bool:
        return self.holds_seat

    @property
    def can_hand_over(self) -> bool:
        return self.is_open

    def can_record(self, step: str) -> bool:
        """Whether `step` (a follow-up step or the end) may be recorded now."""
        return step == self.next_step or (step == self.Status.ENDED and self.can_end)


class MatchStatusChange(models.Model):
    """One step in a match's history, written by the service that changes the status."""

    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, related_name="history", verbose_name=_("match")
    )
    from_status = models.CharField(
        _("fra"), max_length=20, choices=Match.Status.choices, blank=True
    )
    to_status = models.CharField(_("til"), max_length=20, choices=Match.Status.choices)
    changed_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    happened_on = models.DateField(_("dato"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("af"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True, validators=[refuse_cpr_number])

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("statusændring")
        verbose_name_plural = _("statusændringer")

    def __str__(self):
        return f"{self.from_status or '–'} → {self.to_status}"
