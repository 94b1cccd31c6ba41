"""Mentor offers (a volunteer's experience as a relative, how, where and when they meet) and
relatives' requests for a mentor, with what became of each."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetingplaces.fields import BitSetField, WeeklySlotsField
from meetingplaces.models import Municipality, Organisation, Team, Volunteer
from meetingplaces.models.places import latitude_longitude_constraints
from security.cpr import refuse_cpr_number

from .vocabulary import Illness, Relation, Way


class WaysField(BitSetField):
    """A set of ways of meeting (vocabulary.Way), edited as checkboxes."""

    labels = tuple(way.label for way in Way)


class MentorOfferQuerySet(models.QuerySet):
    def available(self):
        """Offers a relative may be paired with: approved, from a volunteer still approved."""
        return self.filter(
            status=MentorOffer.Status.APPROVED,
            volunteer__is_approved=True,
            volunteer__declined_at=None,
        )


class MentorOffer(models.Model):
    """A volunteer offering to be a mentor for relatives, approved by a coordinator."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter på godkendelse")
        APPROVED = "approved", _("Godkendt")
        DECLINED = "declined", _("Afvist")

    volunteer = models.OneToOneField(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="mentor_offer",
        verbose_name=_("frivillig"),
    )
    relation = models.CharField(_("var pårørende som"), max_length=10, choices=Relation.choices)
    illness = models.CharField(_("sygdom"), max_length=10, choices=Illness.choices)
    ways = WaysField(_("kan mødes ved"), default=0)
    address = models.CharField(
        _("adresse eller postnummer"), max_length=150, validators=[refuse_cpr_number]
    )
    # Where the mentor meets in person, to about 100 m.
    latitude = models.FloatField(_("breddegrad"))
    longitude = models.FloatField(_("længdegrad"))
    availability = WeeklySlotsField(_("kan disse tider"), default=0, blank=True)
    max_relatives = models.PositiveSmallIntegerField(
        _("højst antal pårørende ad gangen"), default=1
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    objects = MentorOfferQuerySet.as_manager()

    class Meta:
        ordering = ["volunteer__first_name", "pk"]
        verbose_name = _("mentortilbud")
        verbose_name_plural = _("mentortilbud")
        constraints = [
            *latitude_longitude_constraints("mentoroffer"),
            models.CheckConstraint(condition=Q(ways__gt=0), name="mentoroffer_has_way"),
        ]

    def __str__(self):
        return str(self.volunteer)


class MentorRequest(models.Model):
    """A relative asking for a mentor, and the mentorship it becomes."""

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        ACCEPTED = "accepted", _("Mentor fundet")
        DECLINED = "declined", _("Afvist")
        ENDED = "ended", _("Afsluttet")

    class DeclineCategory(models.TextChoices):
        NO_MENTOR = "no_mentor", _("Ingen mentor passer lige nu")
        NOT_REACHED = "not_reached", _("Vi kunne ikke komme i kontakt")
        NOT_WANTED = "not_wanted", _("Den pårørende ønsker det ikke længere")
        ELSEWHERE = "elsewhere", _("Bedre hjælp et andet sted")

    # Statuses in which the request holds one of the mentor's places.
    HOLDING = (Status.ACCEPTED,)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mentor_requests",
        verbose_name=_("organisation"),
    )
    first_name = models.CharField(
        _("fornavn"), max_length=50, blank=True, validators=[refuse_cpr_number]
    )
    phone = models.CharField(
        _("telefon"), max_length=30, blank=True, validators=[refuse_cpr_number]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4)
    # The centre of the postcode's area, or a coarse point after anonymisation.
    latitude = models.FloatField(_("breddegrad"))
    longitude = models.FloatField(_("længdegrad"))
    relation = models.CharField(_("pårørende som"), max_length=10, choices=Relation.choices)
    illness = models.CharField(_("sygdom"), max_length=10, choices=Illness.choices)
    ways = WaysField(_("vil gerne mødes ved"), default=0)
    preferred_slots = WeeklySlotsField(_("tider der passer"), default=0, blank=True)
    consent_text = models.TextField(_("samtykketekst"))
    consent_given_at = models.DateTimeField(_("samtykke givet"))
    # Home-care staff who registered it for a relative they met (None: the public page).
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_requests",
        verbose_name=_("team"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    mentor = models.ForeignKey(
        MentorOffer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("mentor"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_requests",
        verbose_name=_("koordinator"),
    )
    decline_category = models.CharField(
        _("årsag til afvisning"), max_length=12, choices=DeclineCategory.choices, blank=True
    )
    score = models.FloatField(_("point"), null=True, blank=True)
    reasons = models.JSONField(_("begrundelser"), default=list, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepteret"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status ændret"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymiseret"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("anmodning om mentor")
        verbose_name_plural = _("anmodninger om mentor")
        constraints = [
            *latitude_longitude_constraints("mentorrequest"),
            models.CheckConstraint(condition=Q(ways__gt=0), name="mentorrequest_has_way"),
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email="") | Q(anonymised_at__isnull=False),
                name="mentorrequest_has_contact",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "ended"]) | Q(accepted_at__isnull=False),
                name="mentorrequest_accepted_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_category=""),
                name="mentorrequest_declined_has_category",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="mentorrequest_inbox_idx"),
            models.Index(fields=["mentor", "status"], name="mentorrequest_load_idx"),
        ]

    def __str__(self):
        # No name: the admin's delete pages list related rows by this.
        return f"{self.pk.hex[:8]} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, *self.HOLDING)

    @property
    def can_accept(self) -> bool:
        return self.status == self.Status.NEW

    @property
    def can_decline(self) -> bool:
        return self.status == self.Status.NEW

    @property
    def can_hand_over(self) -> bool:
        return self.is_open

    @property
    def can_end(self) -> bool:
        return self.status in self.HOLDING

    @property
    def shows_contact(self) -> bool:
        """The relative's phone and e-mail are shown once a mentor is found, not before."""
        return self.status in (self.Status.ACCEPTED, self.Status.ENDED)


class FollowUp(models.Model):
    """The question "did it help?" to the relative, after 4 and 12 weeks of a mentorship."""

    class Kind(models.TextChoices):
        WEEK_4 = "week_4", _("4 uger")
        WEEK_12 = "week_12", _("12 uger")

    request = models.ForeignKey(MentorRequest, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("opfølgning"), max_length=8, choices=Kind.choices)
    asked_at = models.DateTimeField(_("spurgt"), auto_now_add=True)
    helped = models.BooleanField(_("hjalp det"), null=True, blank=True)
    answered_at = models.DateTimeField(_("svaret"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at"]
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="followup_once_per_kind"),
        ]

    def __str__(self):
        return f"{self.request_id} {self.kind}"
