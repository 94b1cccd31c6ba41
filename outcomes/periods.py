"""The period a report covers: a year, a quarter, a month, or the last twelve months."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

LAST_12_MONTHS = "12m"
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:[qQ](?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")


@dataclass(frozen=True)
class Period:
    key: str
    start: date
    end: date  # the last day, inclusive

    @property
    def label(self) -> str:
        if self.key == LAST_12_MONTHS:
            return _("de seneste 12 måneder")
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"

    def bounds(self) -> tuple[datetime, datetime]:
        """From the first day's start to the day after the last, in local time."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.start, time.min, tzinfo=zone)
        after = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)
        return start, after


def parse_period(text: str | None, *, today: date | None = None) -> Period:
    """'2026', '2026-Q1', '2026-03' or '12m' (also when empty). Raises ValueError."""
    today = today or timezone.localdate()
    text = (text or "").strip()
    if text in ("", LAST_12_MONTHS):
        return Period(LAST_12_MONTHS, today - timedelta(days=364), today)
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(text)
    year = int(match["year"])
    if year < 2000 or year > 2100:
        raise ValueError(text)
    if match["quarter"]:
        quarter = int(match["quarter"])
        start = date(year, 3 * quarter - 2, 1)
        end = _month_end(year, 3 * quarter)
        return Period(f"{year}-Q{quarter}", start, end)
    if match["month"]:
        month = int(match["month"])
        return Period(f"{year}-{month:02d}", date(year, month, 1), _month_end(year, month))
    return Period(str(year), date(year, 1, 1), date(year, 12, 31))


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)
