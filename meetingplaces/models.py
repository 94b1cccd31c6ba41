"""Municipalities, their teams and organisations, the people's roles in them, and the
open meeting places with their activities and volunteers."""

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import vocabulary
from .fields import InterestsField, WeeklySlotsField


def latitude_longitude_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Range checks for a model's latitude/longitude pair."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__gte=-90) & Q(latitude__lte=90),
            name=f"{prefix}_latitude_range",
        ),
        models.CheckConstraint(
            condition=Q(longitude__gte=-180) & Q(longitude__lte=180),
            name=f"{prefix}_longitude_range",
        ),
    ]


class Municipality(models.Model):
    code = models.CharField(_("kommunekode"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100, unique=True)
    slug = models.SlugField(_("kort navn"), unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self):
        return self.name


class Team(models.Model):
    """A home-care team; its staff flag citizens and follow them."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="teams", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("hjemmeplejeteam")
        verbose_name_plural = _("hjemmeplejeteams")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name"),
        ]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """An association (Ældre Sagen, Røde Kors...) or a municipal unit that runs activities."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Forening")
        MUNICIPAL = "municipal", _("Kommunal enhed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)
    # When it last changed: the open-data feed's last_modified and modified_after.
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="organisation_unique_name"
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's role: staff of a team, coordinator or volunteer of an organisation, or
    admin of a municipality. A user may hold several."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Hjemmeplejemedarbejder")
        COORDINATOR = "coordinator", _("Frivilligkoordinator")
        VOLUNTEER = "volunteer", _("Frivillig")
        ADMIN = "admin", _("Kommuneadministrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("bruger"),
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("kommune"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("team"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        constraints = [
            # Staff belong to exactly a team; coordinators and volunteers to exactly an
            # organisation; admins to the municipality alone.
            models.CheckConstraint(
                condition=(
                    Q(role="staff", team__isnull=False, organisation__isnull=True)
                    | Q(
                        role__in=["coordinator", "volunteer"],
                        team__isnull=True,
                        organisation__isnull=False,
                    )
                    | Q(role="admin", team__isnull=True, organisation__isnull=True)
                ),
                name="membership_role_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "team"],
                condition=Q(role="staff"),
                name="membership_unique_staff",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(role__in=["coordinator", "volunteer"]),
                name="membership_unique_organisation_role",
            ),
            models.UniqueConstraint(
                fields=["user", "municipality"],
                condition=Q(role="admin"),
                name="membership_unique_admin",
            ),
        ]

    def __str__(self):
        scope = self.team or self.organisation or self.municipality
        return f"{self.user} – {self.get_role_display()} ({scope})"


class MeetingPlace(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="meeting_places",
        verbose_name=_("kommune"),
    )
    host = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_places",
        verbose_name=_("værtsorganisation"),
    )
    name = models.CharField(_("navn"), max_length=150)
    description = models.TextField(_("beskrivelse"), blank=True)
    street = models.CharField(_("adresse"), max_length=200)
    postcode = models.CharField(_("postnummer"), max_length=4)
    town = models.CharField(_("by"), max_length=100)
    latitude = models.FloatField(_("breddegrad"))
    longitude = models.FloatField(_("længdegrad"))
    step_free = models.BooleanField(_("trinfri adgang"), default=False)
    accessible_toilet = models.BooleanField(_("handicaptoilet"), default=False)
    parking = models.BooleanField(_("parkering"), default=False)
    public_transport = models.CharField(_("offentlig transport"), max_length=200, blank=True)
    opening_hours = models.CharField(_("åbningstider"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # The place's id in the list it was imported from: a re-import updates it by this.
    external_id = models.CharField(_("eksternt id"), max_length=100, blank=True, default="")
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mødested")
        verbose_name_plural = _("mødesteder")
        constraints = [
            *latitude_longitude_constraints("meetingplace"),
            models.UniqueConstraint(
                fields=["municipality", "name"], name="meetingplace_unique_name"
            ),
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~Q(external_id=""),
                name="meetingplace_unique_external_id",
            ),
        ]
        indexes = [
            # Answers the bounding box of a nearby search with one range scan.
            models.Index(fields=["latitude", "longitude"], name="meetingplace_near_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode} {self.town}"


class Activity(models.Model):
    """A weekly activity at a meeting place, run by an organisation."""

    class Audience(models.TextChoices):
        ALL = "all", _("Alle")
        MEN = "men", _("Mænd")
        WOMEN = "women", _("Kvinder")
        RELATIVES = "relatives", _("Pårørende")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("kommune"),
    )
    meeting_place = models.ForeignKey(
        MeetingPlace,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("mødested"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("organisation"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_activities",
        verbose_name=_("ansvarlig koordinator"),
    )
    title = models.CharField(_("titel"), max_length=150)
    description = models.TextField(_("beskrivelse"), blank=True)
    category = models.CharField(_("kategori"), max_length=20, choices=vocabulary.Category.choices)
    interests = InterestsField(_("interesser"), default=0, blank=True)
    weekday = models.PositiveSmallIntegerField(_("ugedag"), choices=vocabulary.Weekday.choices)
    start_time = models.TimeField(_("starttid"))
    end_time = models.TimeField(_("sluttid"))
    starts_on = models.DateField(_("første gang"), null=True, blank=True)
    ends_on = models.DateField(_("sidste gang"), null=True, blank=True)
    capacity = models.IntegerField(
        _("pladser i alt"), null=True, blank=True, help_text=_("Tom betyder ingen grænse.")
    )
    participants = models.IntegerField(_("faste deltagere"), default=0)
    audience = models.CharField(
        _("målgruppe"), max_length=20, choices=Audience.choices, default=Audience.ALL
    )
    price = models.DecimalField(_("pris i kr."), max_digits=7, decimal_places=2, default=0)
    companion_available = models.BooleanField(_("følgeven kan komme med"), default=False)
    contact_name = models.CharField(_("kontaktperson"), max_length=100, blank=True)
    contact_phone = models.CharField(_("kontakttelefon"), max_length=30, blank=True)
    contact_email = models.EmailField(_("kontakt-e-mail"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    # The activity's id in the list it was imported from: a re-import updates it by this.
    external_id = models.CharField(_("eksternt id"), max_length=100, blank=True, default="")
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        ordering = ["weekday", "start_time", "title"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="activity_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="activity_capacity_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(participants__gte=0), name="activity_participants_non_negative"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="activity_price_non_negative"),
            models.CheckConstraint(
                condition=Q(weekday__gte=0) & Q(weekday__lte=6), name="activity_weekday_range"
            ),
            models.UniqueConstraint(
                fields=["meeting_place", "title", "weekday", "start_time"],
                name="activity_unique_per_place_and_time",
            ),
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~Q(external_id=""),
                name="activity_unique_external_id",
            ),
        ]
        indexes = [
            # A nearby search finds meeting places in its box on meetingplace_near_idx and
            # then their active activities here, from the index alone (it covers the id).
            models.Index(fields=["meeting_place", "is_active"], name="activity_place_active_idx"),
            # The public list without `near` pages through active activities in weekly
            # order: with this index a page is read in order instead of sorting them all
            # (measured on PostgreSQL with 100,000 activities: 16 requests/s before).
            models.Index(
                fields=["weekday", "start_time", "title"],
                condition=Q(is_active=True),
                name="activity_week_order_idx",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_free(self) -> bool:
        return self.price == 0

    @property
    def slots(self) -> int:
        return vocabulary.activity_slots(self.weekday, self.start_time, self.end_time)

    def next_dates(
        self,
        *,
        after: date,
        count: int = 5,
        horizon_days: int = 366,
        cancelled: set[date] | None = None,
    ) -> list[date]:
        """The next dates it takes place, from `after` on, skipping its exceptions.

        Uses the prefetched `exceptions` when the caller prefetched them, or the
        `cancelled` dates when the caller already has them.
        """
        if cancelled is None:
            cancelled = {exception.date for exception in self.exceptions.all()}
        start = max(after, self.starts_on) if self.starts_on else after
        day = start + timedelta(days=(self.weekday - start.weekday()) % 7)
        dates: list[date] = []
        last = after + timedelta(days=horizon_days)
        while len(dates) < count and day <= last:
            if self.ends_on and day > self.ends_on:
                break
            if day not in cancelled:
                dates.append(day)
            day += timedelta(days=7)
        return dates

    def starts_at(self, day: date) -> datetime:
        return datetime.combine(day, self.start_time)


class ActivityException(models.Model):
    """A date on which a weekly activity does not take place."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="exceptions",
        verbose_name=_("aktivitet"),
    )
    date = models.DateField(_("dato"))
    reason = models.CharField(_("årsag"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("aflysning")
        verbose_name_plural = _("aflysninger")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "date"], name="activityexception_unique_date"
            ),
        ]

    def __str__(self):
        return f"{self.activity} – {self.date:%d.%m.%Y}"


class Volunteer(models.Model):
    """A volunteer of an organisation, who may run activities or go along as a companion."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="volunteers",
        verbose_name=_("kommune"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="volunteers",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("bruger"),
    )
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4)
    # Coarse home area (about 1 km), enough to say who lives near a citizen.
    latitude = models.FloatField(_("breddegrad"))
    longitude = models.FloatField(_("længdegrad"))
    availability = WeeklySlotsField(_("kan disse tider"), default=0, blank=True)
    interests = InterestsField(_("interesser"), default=0, blank=True)
    languages = models.CharField(
        _("sprog"), max_length=50, default="da", help_text=_("Sprogkoder, fx 'da en'.")
    )
    can_accompany = models.BooleanField(_("kan være følgeven"), default=False)
    has_car = models.BooleanField(_("har bil"), default=False)
    max_citizens = models.PositiveSmallIntegerField(_("højst antal borgere ad gangen"), default=1)
    is_approved = models.BooleanField(_("godkendt"), default=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("frivillig")
        verbose_name_plural = _("frivillige")
        constraints = [
            *latitude_longitude_constraints("volunteer"),
            models.CheckConstraint(
                condition=Q(max_citizens__gte=0), name="volunteer_max_citizens_non_negative"
            ),
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=~Q(email=""),
                name="volunteer_unique_email",
            ),
        ]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="volunteer_near_idx"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()


class ImportUpload(models.Model):
    """A list of places and activities uploaded for import, kept between its preview and
    its confirmation so that the file is not sent twice. Deleted once imported."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_uploads",
        verbose_name=_("uploadet af"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="import_uploads",
        verbose_name=_("kommune"),
    )
    # Set when a coordinator imports: every row then belongs to this organisation.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_uploads",
        verbose_name=_("organisation"),
    )
    filename = models.CharField(_("filnavn"), max_length=200)
    content = models.BinaryField(_("indhold"))
    created_at = models.DateTimeField(_("uploadet"), auto_now_add=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self):
        return self.filename
