"""Citizens flagged by home care and their loneliness screenings."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from meetingplaces.fields import InterestsField, WeeklySlotsField
from meetingplaces.models import Municipality, Team, latitude_longitude_constraints
from security.cpr import refuse_cpr_number


class WaitingReason(models.TextChoices):
    """The nearest reason a batch run left a citizen waiting."""

    NO_ACTIVITY = "no_activity", _("Ingen passende aktivitet inden for rækkevidde")
    NO_SEAT = "no_seat", _("Ingen ledig plads")
    NO_COMPANION = "no_companion", _("Ingen ledig følgeven i nærheden")


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

    class PhoneHolder(models.TextChoices):
        """Whom the coordinator reaches on the recorded phone number."""

        CITIZEN = "citizen", _("Borgeren selv")
        RELATIVE = "relative", _("En pårørende")

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
        validators=[refuse_cpr_number],
    )
    first_name = models.CharField(
        _("fornavn eller initialer"), max_length=50, validators=[refuse_cpr_number]
    )
    # Shown to a coordinator only once a match holds a seat (matching.inbox.citizen_card).
    phone = models.CharField(
        _("telefon"), max_length=30, blank=True, validators=[refuse_cpr_number]
    )
    phone_holder = models.CharField(
        _("telefonen tilhører"), max_length=10, choices=PhoneHolder.choices, blank=True
    )
    relative_name = models.CharField(
        _("den pårørendes navn"), max_length=100, blank=True, validators=[refuse_cpr_number]
    )
    phone_consent_at = models.DateTimeField(_("samtykke til opkald givet"), null=True, blank=True)
    phone_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("telefon registreret af"),
    )
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
    language = models.CharField(
        _("sprog"), max_length=10, default="da", validators=[refuse_cpr_number]
    )
    notes = models.TextField(_("noter"), blank=True, validators=[refuse_cpr_number])
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING
    )
    waiting_since = models.DateTimeField(_("venter siden"), null=True, blank=True)
    # Why the last batch run left the citizen waiting, and what would have to change
    # (written by every run; see matching.batch).
    waiting_reason = models.CharField(
        _("venter fordi"), max_length=20, choices=WaitingReason.choices, blank=True
    )
    waiting_detail = models.JSONField(_("hvad der mangler"), default=dict, blank=True)
    waiting_checked_at = models.DateTimeField(_("sidst forsøgt matchet"), null=True, blank=True)
    consent_given_at = models.DateTimeField(_("samtykke givet"))
    consent_method = models.CharField(
        _("samtykke givet som"), max_length=10, choices=ConsentMethod.choices
    )
    # The version of the consent text the citizen agreed to (matching.consent); empty for
    # citizens flagged before versions were kept.
    consent_text_version = models.CharField(
        _("samtykketekstens version"), max_length=20, blank=True
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
            # A number always says whom it reaches; a relative always has a name.
            models.CheckConstraint(
                condition=Q(phone="") | ~Q(phone_holder=""), name="citizen_phone_has_holder"
            ),
            models.CheckConstraint(
                condition=~Q(phone_holder="relative") | ~Q(relative_name=""),
                name="citizen_relative_named",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "-updated_at"], name="citizen_team_recent_idx"),
            models.Index(fields=["status", "waiting_since"], name="citizen_waiting_idx"),
        ]

    def __str__(self):
        return f"{self.first_name} ({self.care_reference})"

    @property
    def waiting_explanation(self) -> str:
        """The last batch run's reason for leaving the citizen waiting, as staff read it:
        what would have to change."""
        detail = self.waiting_detail or {}
        title, place = detail.get("title", ""), detail.get("place", "")
        if self.waiting_reason == WaitingReason.NO_SEAT and title:
            return _("Ingen ledig plads på %(title)s (%(place)s).") % {
                "title": title,
                "place": place,
            }
        if self.waiting_reason == WaitingReason.NO_COMPANION and title:
            return _(
                "%(title)s passer, men der mangler en ledig følgeven fra %(organisation)s "
                "i nærheden af borgerens hjem."
            ) % {"title": title, "organisation": detail.get("organisation", "")}
        if self.waiting_reason == WaitingReason.NO_ACTIVITY and title:
            return _(
                "Ingen passende aktivitet inden for %(reach)s km. Den nærmeste er %(title)s, "
                "%(distance)s km væk."
            ) % {
                "reach": formats.number_format(detail.get("max_distance_km", 0), 0),
                "title": title,
                "distance": formats.number_format(detail.get("distance_km", 0), 1),
            }
        return str(self.get_waiting_reason_display())


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
