"""The reports as the pages, files and API give them: from a user and the request's
filters to tables whose small cells are already hidden."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from matching.models import Citizen
from meetingplaces.vocabulary import INTEREST_SLUGS

from .periods import Period, parse_period
from .scope import BadScopeParameter, ReportScope, report_scope_for
from .selectors import effect_report, funnel_report, gap_report, mentor_report
from .selectors.common import Cohort

REPORTS = ("funnel", "effect", "gaps", "mentors")


class BadFilter(ValueError):
    """A filter the reports cannot use: `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class ReportRequest:
    scope: ReportScope
    period: Period
    interest: str = ""
    mobility: str = ""

    @property
    def cohort(self) -> Cohort:
        return Cohort(self.scope, self.period)


def report_request(user, params) -> ReportRequest:
    """The scope and filters of a request's query parameters.

    Raises PermissionDenied (no role that sees reports), ScopeNotFound (a municipality,
    team or organisation that is not the user's) or BadFilter.
    """
    errors = {}
    try:
        period = parse_period(params.get("period"))
    except ValueError:
        errors["period"] = _("Skriv perioden som 2026, 2026-Q1, 2026-03 eller 12m.")
    interest, mobility = params.get("interest", ""), params.get("mobility", "")
    if interest and interest not in INTEREST_SLUGS:
        errors["interest"] = _("Ukendt interesse.")
    if mobility and mobility not in Citizen.Mobility.values:
        errors["mobility"] = _("Ukendt mobilitet.")
    try:
        scope = report_scope_for(
            user,
            municipality=params.get("municipality", ""),
            team=params.get("team", ""),
            organisation=params.get("organisation", ""),
        )
    except BadScopeParameter as error:
        errors[error.field] = _("Ugyldig værdi.")
    if errors:
        raise BadFilter(errors)
    return ReportRequest(scope, period, interest, mobility)


def tables_of(report: str, request: ReportRequest) -> list:
    if report == "funnel":
        return funnel_report(request.cohort)
    if report == "effect":
        return effect_report(request.cohort)
    if report == "mentors":
        return mentor_report(request.cohort)
    return [gap_report(request.scope, interest=request.interest, mobility=request.mobility).table]
