"""Citizens flagged by home care, their loneliness screenings, their matches with
activities (with a status history), self-referrals and the audit log of citizen records.

Citizens, screenings and matches are addressed by UUID primary keys: their URLs must not
reveal how many there are or let anyone walk through them.
"""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetingplaces.fields import InterestsField, WeeklySlotsField
from meetingplaces.models import (
    Activity,
    Municipality,
    Organisation,
    Team,
    Volunteer,
    latitude_longitude_constraints,
)


class Citizen(models.Model):
    """An older citizen flagged as lonely: pseudonymous, with an approximate location."""

    class Mobility(models.TextChoices):
        WALKS_ALONE = "walks_alone", _("Går selv")
        WALKER = "walker", _("Rollator")
        WHEELCHAIR = "wheelchair", _("Kørestol")
        HOUSEBOUND = "housebound", _("Kommer sjældent ud")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Venter")
        PROPOSED = "proposed", _("Foreslået")
        ACCEPTED = "accepted", _("Accepteret")
        FIRST_VISIT = "first_visit", _("Første besøg")
        PARTICIPATING = "participating", _("Deltager")
        ENDED = "ended", _("Afsluttet")

    class Gender(models.TextChoices):
        # Only to respect activities meant for men or for women; never required.
        UNSPECIFIED = "", _("Ikke oplyst")
        WOMAN = "woman", _("Kvinde")
        MAN = "man", _("Mand")

    class ConsentMethod(models.TextChoices):
        VERBAL = "verbal", _("Mundtligt")
        WRITTEN = "written", _("Skriftligt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="citizens",
        verbose_name=_("kommune"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="citizens", verbose_name=_("team")
    )
    care_reference = models.CharField(
        _("reference i omsorgssystemet"),
        max_length=50,
        help_text=_("Pseudonym reference, aldrig et CPR-nummer."),
    )
    first_name = models.CharField(_("fornavn eller initialer"), max_length=50)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4)
    # Rounded to three decimals (about 100 m) before it is stored.
    latitude = models.FloatField(_("breddegrad"))
    longitude = models.FloatField(_("længdegrad"))
    gender = models.CharField(
        _("køn"), max_length=10, choices=Gender.choices, blank=True, default=""
    )
    mobility = models.CharField(_("mobilitet"), max_length=20, choices=Mobility.choices)
    max_distance_km = models.DecimalField(
        _("kan komme højst (km)"), max_digits=4, decimal_places=1, default=3
    )
    interests = InterestsField(_("interesser"), default=0, blank=True)
    preferred_slots = WeeklySlotsField(_("foretrukne tider"), default=0, blank=True)
    companion_needed = models.BooleanField(_("har brug for en følgeven"), default=False)
    language = models.CharField(_("sprog"), max_length=10, default="da")
    notes = models.TextField(_("noter"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING
    )
    waiting_since = models.DateTimeField(_("venter siden"), null=True, blank=True)
    consent_given_at = models.DateTimeField(_("samtykke givet"))
    consent_method = models.CharField(
        _("samtykke givet som"), max_length=10, choices=ConsentMethod.choices
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samtykke registreret af"),
    )
    consent_withdrawn_at = models.DateTimeField(
        _("samtykke trukket tilbage"), null=True, blank=True
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="flagged_citizens",
        verbose_name=_("registreret af"),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymiseret"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")
        constraints = [
            *latitude_longitude_constraints("citizen"),
            models.CheckConstraint(
                condition=Q(max_distance_km__gt=0) & Q(max_distance_km__lte=50),
                name="citizen_max_distance_range",
            ),
            models.CheckConstraint(
                condition=~Q(consent_method=""), name="citizen_consent_method_recorded"
            ),
            models.UniqueConstraint(
                fields=["municipality", "care_reference"], name="citizen_unique_care_reference"
            ),
        ]
        indexes = [
            models.Index(fields=["team", "-updated_at"], name="citizen_team_recent_idx"),
            models.Index(fields=["status", "waiting_since"], name="citizen_waiting_idx"),
        ]

    def __str__(self):
        return f"{self.first_name} ({self.care_reference})"


class Screening(models.Model):
    """The three-item loneliness scale: each item 1 (hardly ever) to 3 (often), total 3-9."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Første screening")
        WEEK_8 = "week_8", _("Opfølgning efter 8 uger")
        WEEK_12 = "week_12", _("Opfølgning efter 12 uger")

    class Answer(models.IntegerChoices):
        HARDLY_EVER = 1, _("Næsten aldrig")
        SOMETIMES = 2, _("Nogle gange")
        OFTEN = 3, _("Ofte")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    citizen = models.ForeignKey(
        Citizen, on_delete=models.CASCADE, related_name="screenings", verbose_name=_("borger")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    lacks_companionship = models.PositiveSmallIntegerField(
        _("savner nogen at være sammen med"), choices=Answer.choices
    )
    feels_left_out = models.PositiveSmallIntegerField(
        _("føler sig holdt udenfor"), choices=Answer.choices
    )
    feels_isolated = models.PositiveSmallIntegerField(
        _("føler sig isoleret fra andre"), choices=Answer.choices
    )
    taken_on = models.DateField(_("dato"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        ordering = ["taken_on", "created_at"]
        verbose_name = _("screening")
        verbose_name_plural = _("screeninger")
        constraints = [
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{item}__gte": 1}) & Q(**{f"{item}__lte": 3}),
                    name=f"screening_{item}_range",
                )
                for item in ("lacks_companionship", "feels_left_out", "feels_isolated")
            ],
            models.UniqueConstraint(fields=["citizen", "kind"], name="screening_unique_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.total}"

    @property
    def total(self) -> int:
        return self.lacks_companionship + self.feels_left_out + self.feels_isolated


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
    decline_reason = models.CharField(_("årsag til afvisning"), max_length=300, blank=True)
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
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("statusændring")
        verbose_name_plural = _("statusændringer")

    def __str__(self):
        return f"{self.from_status or '–'} → {self.to_status}"


class SelfReferral(models.Model):
    """A citizen (or relative) asking for someone to go along to an activity."""

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        HANDLED = "handled", _("Behandlet")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="self_referrals",
        verbose_name=_("kommune"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="self_referrals",
        verbose_name=_("aktivitet"),
    )
    first_name = models.CharField(_("fornavn"), max_length=50)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4)
    consent_text = models.TextField(_("samtykketekst"))
    consent_given_at = models.DateTimeField(_("samtykke givet"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="selfreferral_has_contact"
            ),
        ]

    def __str__(self):
        return f"{self.first_name} → {self.activity}"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The audit log cannot be changed.")

    def delete(self):
        raise PermissionDenied("The audit log cannot be deleted.")


class AuditEvent(models.Model):
    """Who read or changed which citizen record, when, and through which view.

    The citizen is referred to by id, not by foreign key, so that the trail outlives
    erasure of the record. Rows are only ever added.
    """

    class Action(models.TextChoices):
        READ = "read", _("Læst")
        CREATE = "create", _("Oprettet")
        UPDATE = "update", _("Ændret")
        DELETE = "delete", _("Slettet")
        EXPORT = "export", _("Eksporteret")
        ERASE = "erase", _("Anonymiseret")

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bruger"),
    )
    username = models.CharField(_("brugernavn"), max_length=150, blank=True)
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    citizen_id = models.UUIDField(_("borger"), db_index=True)
    view = models.CharField(_("visning"), max_length=100)
    detail = models.CharField(_("detalje"), max_length=200, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit-hændelse")
        verbose_name_plural = _("audit-log")
        indexes = [models.Index(fields=["user", "at"], name="auditevent_user_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.citizen_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The audit log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log cannot be deleted.")
