"""What the report selectors share: the cohort of a period and percentiles."""

from dataclasses import dataclass

import numpy as np
from django.db.models import QuerySet

from matching.models import Citizen

from ..periods import Period
from ..scope import ReportScope


@dataclass(frozen=True)
class Cohort:
    """The citizens flagged in the period, within the scope, and their matches."""

    scope: ReportScope
    period: Period

    def citizens(self) -> QuerySet[Citizen]:
        start, after = self.period.bounds()
        return self.scope.citizens().filter(created_at__gte=start, created_at__lt=after)

    def matches(self):
        return self.scope.matches(self.citizens())


def median_and_p90(values) -> tuple[float | None, float | None]:
    """The median and the 90th percentile (linear interpolation); None for no values."""
    if len(values) == 0:
        return None, None
    median, p90 = np.percentile(np.asarray(values, dtype=float), [50, 90])
    return float(median), float(p90)
