"""When an activity meets, as an RFC 5545 recurrence, and in plain Danish.

An activity's `recurrence` holds one RFC 5545 line; empty is the plain weekly rule on its
`weekday` (every row from before schedules had a rule). Samvær keeps to the shapes a
volunteer association uses, so that each one can be said in a sentence and still has one
weekday for the matching engine and the search:

- every N weeks on a weekday     RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE
- the n-th (or last) weekday
  of the month                   RRULE:FREQ=MONTHLY;BYDAY=1TU   (-1TU: the last)
- single dates                   RDATE;VALUE=DATE:20261203,20261217

icalendar reads a rule's parts; python-dateutil counts its dates.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import vRecur

from . import vocabulary

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
MAX_INTERVAL_WEEKS = 8
MAX_DATES = 60
# How far ahead a schedule must yield a date to be kept, and dates are looked for.
HORIZON_DAYS = 2 * 366


class Kind(models.TextChoices):
    WEEKLY = "weekly", gettext_lazy("Hver uge eller hver N. uge")
    MONTHLY = "monthly", gettext_lazy("En bestemt ugedag i måneden")
    DATES = "dates", gettext_lazy("Enkelte datoer")


class Ordinal(models.IntegerChoices):
    FIRST = 1, gettext_lazy("første")
    SECOND = 2, gettext_lazy("anden")
    THIRD = 3, gettext_lazy("tredje")
    FOURTH = 4, gettext_lazy("fjerde")
    LAST = -1, gettext_lazy("sidste")


class ScheduleError(ValueError):
    """A recurrence Samvær cannot keep; the message says why, for the person who wrote it."""


@dataclass(frozen=True)
class Schedule:
    kind: str = Kind.WEEKLY
    # The weekday the matching engine and the search read: the rule's, or the first date's.
    weekday: int = 0
    interval: int = 1
    ordinal: int | None = None
    dates: tuple[date, ...] = field(default_factory=tuple)

    def as_rfc5545(self) -> str:
        """The stored line; the plain weekly rule is the empty text."""
        if self.kind == Kind.DATES:
            return "RDATE;VALUE=DATE:" + ",".join(f"{day:%Y%m%d}" for day in self.dates)
        if self.kind == Kind.MONTHLY:
            return f"RRULE:FREQ=MONTHLY;BYDAY={self.ordinal}{WEEKDAY_CODES[self.weekday]}"
        if self.interval == 1:
            return ""
        return f"RRULE:FREQ=WEEKLY;INTERVAL={self.interval};BYDAY={WEEKDAY_CODES[self.weekday]}"

    @property
    def needs_start(self) -> bool:
        """Every N weeks counts from a first date."""
        return self.kind == Kind.WEEKLY and self.interval > 1

    def dates_between(self, *, anchor: date, start: date, end: date) -> Iterator[date]:
        """Its dates from `start` to `end` (both included); `anchor` is the first date the
        rule counts from (its start date): every N weeks keeps the weeks of its anchor."""
        if self.kind == Kind.DATES:
            yield from (day for day in self.dates if start <= day <= end)
            return
        if self.kind == Kind.WEEKLY and self.interval == 1:
            anchor = start  # the plain weekly rule has no phase to keep
        start = max(start, anchor)  # nothing before the rule's first date
        if self.kind == Kind.WEEKLY:
            yield from self._weekly_dates(anchor=anchor, start=start, end=end)
            return
        rule = rrulestr(self.as_rfc5545(), dtstart=_midnight(anchor))
        for moment in rule.xafter(_midnight(start), inc=True):
            if moment.date() > end:
                return
            yield moment.date()

    def _weekly_dates(self, *, anchor: date, start: date, end: date) -> Iterator[date]:
        """FREQ=WEEKLY;INTERVAL=N;BYDAY=one day counted by hand, as dateutil counts it (a
        test compares): every N-th week from the anchor's week, on the rule's weekday.
        Every list of activities shows each one's next date, and parsing a rule per row
        was most of what a page of the finder's API cost (the load benchmark)."""
        step = timedelta(weeks=self.interval)
        # RFC 5545 counts the weeks (from Monday, WKST's default) from the anchor's week.
        day = anchor + timedelta(days=self.weekday - anchor.weekday())
        if day < anchor:
            day += step
        if day < start:
            day += step * -(-(start - day).days // step.days)
        while day <= end:
            yield day
            day += step

    def describe(self) -> str:
        """The schedule in a sentence: "hver anden onsdag", "første tirsdag i måneden"."""
        day = str(vocabulary.Weekday(self.weekday).label)
        if self.kind == Kind.DATES:
            shown = ", ".join(date_format(d, "j. F Y") for d in self.dates)
            return _("på disse datoer: %(dates)s") % {"dates": shown}
        if self.kind == Kind.MONTHLY:
            if self.ordinal == Ordinal.LAST:
                return _("sidste %(day)s i måneden") % {"day": day}
            return _("%(nth)s %(day)s i måneden") % {
                "nth": Ordinal(self.ordinal).label,
                "day": day,
            }
        if self.interval == 1:
            return _("hver %(day)s") % {"day": day}
        if self.interval == 2:
            return _("hver anden %(day)s") % {"day": day}
        if self.interval == 3:
            return _("hver tredje %(day)s") % {"day": day}
        if self.interval == 4:
            return _("hver fjerde %(day)s") % {"day": day}
        return _("hver %(n)s. uge om %(day)sen") % {"n": self.interval, "day": day}


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


def parse(text: str, *, weekday: int = 0) -> Schedule:
    """The schedule of a stored or submitted line; `weekday` is the plain weekly rule's.

    Raises ScheduleError for anything outside the shapes above."""
    text = (text or "").strip()
    if not text:
        return Schedule(kind=Kind.WEEKLY, weekday=weekday)
    name, _sep, value = text.partition(":")
    name = name.upper()
    if name.startswith("RDATE"):
        return _parse_dates(value)
    if name != "RRULE":
        raise ScheduleError(_("Skriv en regel, der begynder med RRULE: eller RDATE:."))
    try:
        parts = vRecur.from_ical(value)
    except ValueError as error:
        raise ScheduleError(_("Reglen kan ikke læses.")) from error
    allowed = {"FREQ", "INTERVAL", "BYDAY", "WKST"}
    if set(parts) - allowed or len(parts.get("BYDAY", [])) != 1:
        raise ScheduleError(
            _(
                "Samvær kan gemme hver uge, hver N. uge og en bestemt ugedag i måneden "
                "(fx første tirsdag), med én ugedag."
            )
        )
    freq = parts.get("FREQ", [""])[0]
    byday = str(parts["BYDAY"][0]).upper()
    code = byday[-2:]
    if code not in WEEKDAY_CODES:
        raise ScheduleError(_("Ukendt ugedag i reglen."))
    day = WEEKDAY_CODES.index(code)
    ordinal_text = byday[:-2].lstrip("+")
    interval = int(parts.get("INTERVAL", [1])[0])
    if freq == "WEEKLY" and not ordinal_text:
        if not 1 <= interval <= MAX_INTERVAL_WEEKS:
            raise ScheduleError(
                _("Hver N. uge: N skal være fra 1 til %(max)s.") % {"max": MAX_INTERVAL_WEEKS}
            )
        return Schedule(kind=Kind.WEEKLY, weekday=day, interval=interval)
    if freq == "MONTHLY" and interval == 1:
        try:
            ordinal = Ordinal(int(ordinal_text))
        except ValueError as error:
            raise ScheduleError(
                _("En ugedag i måneden: den første til fjerde eller den sidste (-1).")
            ) from error
        return Schedule(kind=Kind.MONTHLY, weekday=day, ordinal=int(ordinal))
    raise ScheduleError(_("Samvær kan gemme hver uge, hver N. uge og en bestemt ugedag i måneden."))


def _parse_dates(value: str) -> Schedule:
    try:
        days = sorted({datetime.strptime(v.strip()[:8], "%Y%m%d").date() for v in value.split(",")})
    except ValueError as error:
        raise ScheduleError(_("Datoerne skrives ÅÅÅÅMMDD, adskilt af komma.")) from error
    return dates_schedule(days)


def dates_schedule(days: Iterable[date]) -> Schedule:
    days = tuple(sorted(set(days)))
    if not days:
        raise ScheduleError(_("Skriv mindst én dato."))
    if len(days) > MAX_DATES:
        raise ScheduleError(_("Højst %(max)s datoer.") % {"max": MAX_DATES})
    return Schedule(kind=Kind.DATES, weekday=days[0].weekday(), dates=days)


def days_of(first: date, last: date | None) -> Iterator[date]:
    """Every day of a cancelled date or a break, first to last."""
    day = first
    while day <= (last or first):
        yield day
        day += timedelta(days=1)
