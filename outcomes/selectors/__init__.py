"""Reading the reports: each selector counts in SQL (GROUP BY, one query per table) and
returns tables whose small cells are hidden (outcomes.tables)."""

from .effect import effect_report
from .funnel import funnel_report
from .gaps import gap_report
from .mentors import mentor_report

__all__ = ["effect_report", "funnel_report", "gap_report", "mentor_report"]
