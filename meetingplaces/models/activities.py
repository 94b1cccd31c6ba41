"""Activities at meeting places: what, when (a recurrence with cancellations and breaks),
for whom, and whether its owners still vouch for it."""

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from security.cpr import refuse_cpr_number

from .. import schedules, vocabulary
from ..fields import InterestsField
from .organisations import Municipality, Organisation
from .places import MeetingPlace


class ActivityQuerySet(models.QuerySet):
    def published(self, *, today: date | None = None):
        """What the finder, the API and the feeds show: active, and not left unverified by
        its owners for longer than settings.FRESHNESS_HIDE_WEEKS."""
        today = today or timezone.localdate()
        hidden_before = today - timedelta(weeks=settings.FRESHNESS_HIDE_WEEKS)
        return self.filter(
            Q(last_verified_on__isnull=True) | Q(last_verified_on__gte=hidden_before),
            is_active=True,
        )

    def due_for_verification(self, *, today: date):
        """Active entries whose owners are to be asked (settings.FRESHNESS_REMIND_WEEKS)."""
        asked_before = today - timedelta(weeks=settings.FRESHNESS_REMIND_WEEKS)
        return self.filter(
            Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=asked_before),
            is_active=True,
        )


class Activity(models.Model):
    """An activity at a meeting place, run by an organisation, on a recurring schedule."""

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
    title = models.CharField(_("titel"), max_length=150, validators=[refuse_cpr_number])
    description = models.TextField(_("beskrivelse"), blank=True, validators=[refuse_cpr_number])
    category = models.CharField(_("kategori"), max_length=20, choices=vocabulary.Category.choices)
    interests = InterestsField(_("interesser"), default=0, blank=True)
    # The schedule's weekday (or its first date's): what matching and the search read.
    weekday = models.PositiveSmallIntegerField(_("ugedag"), choices=vocabulary.Weekday.choices)
    # One RFC 5545 line (meetingplaces/schedules.py); empty: every week on `weekday`.
    recurrence = models.CharField(
        _("gentagelse"), max_length=1000, blank=True, default="", validators=[refuse_cpr_number]
    )
    start_time = models.TimeField(_("starttid"))
    end_time = models.TimeField(_("sluttid"))
    # `slots` as a column the database keeps, so that a search for wished weekdays and
    # parts of day is one bit test per row.
    slot_mask = models.GeneratedField(
        expression=vocabulary.activity_slots_expression(),
        output_field=models.IntegerField(),
        db_persist=True,
        verbose_name=_("ugedage og tider"),
    )
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
    contact_name = models.CharField(
        _("kontaktperson"), max_length=100, blank=True, validators=[refuse_cpr_number]
    )
    contact_phone = models.CharField(
        _("kontakttelefon"), max_length=30, blank=True, validators=[refuse_cpr_number]
    )
    contact_email = models.EmailField(_("kontakt-e-mail"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    # The activity's id in the list it was imported from: a re-import updates it by this.
    external_id = models.CharField(
        _("eksternt id"), max_length=100, blank=True, default="", validators=[refuse_cpr_number]
    )
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    # When its owners last confirmed the entry is right; the weekly freshness job asks them.
    last_verified_on = models.DateField(
        _("senest bekræftet"), null=True, blank=True, default=timezone.localdate
    )

    objects = ActivityQuerySet.as_manager()

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
            # The same list's count of published activities (active, not hidden as stale):
            # read from this small index alone instead of the table (benchmarks/load.py,
            # api_list).
            models.Index(
                fields=["last_verified_on"],
                condition=Q(is_active=True),
                name="activity_published_idx",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_free(self) -> bool:
        return self.price == 0

    @property
    def schedule(self) -> schedules.Schedule:
        return schedules.parse(self.recurrence, weekday=self.weekday)

    def freshness(self, *, today: date) -> str:
        """ "fresh", "due" (its owners are asked), "unverified" (marked on its page) or
        "hidden" (left out by `published()`, whose SQL says the same)."""
        if self.last_verified_on is None:
            return "due"
        age = today - self.last_verified_on
        if age > timedelta(weeks=settings.FRESHNESS_HIDE_WEEKS):
            return "hidden"
        if age > timedelta(weeks=settings.FRESHNESS_MARK_WEEKS):
            return "unverified"
        if age > timedelta(weeks=settings.FRESHNESS_REMIND_WEEKS):
            return "due"
        return "fresh"

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
        """The next dates it takes place, from `after` on, skipping its cancelled dates and
        breaks.

        Uses the prefetched `exceptions` when the caller prefetched them, or the
        `cancelled` dates when the caller already has them.
        """
        if cancelled is None:
            cancelled = cancelled_days(self.exceptions.all())
        start = max(after, self.starts_on) if self.starts_on else after
        end = after + timedelta(days=horizon_days)
        if self.ends_on:
            end = min(end, self.ends_on)
        dates: list[date] = []
        found = self.schedule.dates_between(anchor=self.starts_on or start, start=start, end=end)
        for day in found:
            if day not in cancelled:
                dates.append(day)
                if len(dates) == count:
                    break
        return dates

    def upcoming_dates(
        self, *, now: datetime, count: int = 5, cancelled: set[date] | None = None
    ) -> list[date]:
        """The next meetings that have not ended at `now`: today's counts until it ends."""
        local = timezone.localtime(now)
        dates = self.next_dates(after=local.date(), count=count + 1, cancelled=cancelled)
        if dates and dates[0] == local.date() and local.time() >= self.end_time:
            dates = dates[1:]
        return dates[:count]

    def starts_at(self, day: date) -> datetime:
        return datetime.combine(day, self.start_time)


def cancelled_days(exceptions) -> set[date]:
    """Every day its cancellations and breaks cover."""
    return {day for e in exceptions for day in schedules.days_of(e.date, e.last_date)}


class ActivityException(models.Model):
    """A date on which an activity does not take place, or a break (summer, Christmas)
    from `date` to `last_date`; with the reason shown on its page."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="exceptions",
        verbose_name=_("aktivitet"),
    )
    date = models.DateField(_("dato"))
    last_date = models.DateField(_("til og med"), null=True, blank=True)
    reason = models.CharField(
        _("årsag"), max_length=200, blank=True, validators=[refuse_cpr_number]
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("aflysning")
        verbose_name_plural = _("aflysninger")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "date"], name="activityexception_unique_date"
            ),
            models.CheckConstraint(
                condition=Q(last_date__isnull=True) | Q(last_date__gt=models.F("date")),
                name="activityexception_break_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.activity} – {self.date:%d.%m.%Y}"

    @property
    def is_break(self) -> bool:
        return self.last_date is not None
