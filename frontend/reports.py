"""Outcome pages for municipality admins, coordinators and home-care staff: the dashboard,
the map of where help is missing, the annual report and the files. Aggregates only; the
numbers come from outcomes.reports with small counts hidden."""

from functools import wraps

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from matching.access import record_report_export
from matching.models import Citizen
from meetingplaces.vocabulary import INTERESTS
from outcomes.exports import as_csv, as_xlsx
from outcomes.reports import REPORTS, BadFilter, report_request, tables_of
from outcomes.scope import ScopeNotFound, filter_choices, may_see_reports
from outcomes.selectors import effect_report, funnel_report, gap_report, mentor_report

from .finder import _map_settings


def reports_reader(view):
    """Signed-in admins, coordinators and home-care staff; anyone else signed in: 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_see_reports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class ReportFilterForm(forms.Form):
    period = forms.CharField(
        label=gettext_lazy("Periode"),
        required=False,
        help_text=gettext_lazy("Fx 2026, 2026-Q1, 2026-03 – tomt: de seneste 12 måneder."),
    )
    municipality = forms.ChoiceField(label=gettext_lazy("Kommune"), required=False)
    team = forms.ChoiceField(label=gettext_lazy("Hjemmeplejeteam"), required=False)
    organisation = forms.ChoiceField(label=gettext_lazy("Organisation"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("Alle"))]
        for name, choices in filter_choices(user).items():
            self.fields[name].choices = everyone + choices
            if not choices:
                self.fields[name].widget = forms.HiddenInput()


class GapFilterForm(ReportFilterForm):
    interest = forms.ChoiceField(label=gettext_lazy("Interesse"), required=False)
    mobility = forms.ChoiceField(label=gettext_lazy("Mobilitet"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interest"].choices = [("", _("Alle")), *INTERESTS]
        self.fields["mobility"].choices = [("", _("Alle")), *Citizen.Mobility.choices]


def _found(request, params):
    """The report request for the page, or (None, errors) for filters it cannot use."""
    try:
        return report_request(request.user, params), {}
    except ScopeNotFound:
        raise Http404 from None
    except BadFilter as error:
        return report_request(request.user, {}), error.errors


def _form(form_class, request, errors):
    form = form_class(request.GET or None, user=request.user)
    form.is_valid()
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)
    return form


@require_safe
@reports_reader
def dashboard(request):
    found, errors = _found(request, request.GET)
    funnel = [t.as_dict() for t in funnel_report(found.cohort)]
    effect = [t.as_dict() for t in effect_report(found.cohort)]
    return render(
        request,
        "frontend/reports/dashboard.html",
        {
            "form": _form(ReportFilterForm, request, errors),
            "period": found.period,
            "several": found.scope.several_municipalities,
            "funnel": funnel,
            "effect": effect,
            "mentors": [t.as_dict() for t in mentor_report(found.cohort)],
            "query": request.GET.urlencode(),
        },
        status=400 if errors else 200,
    )


@require_safe
@reports_reader
def gaps(request):
    found, errors = _found(request, request.GET)
    report = gap_report(found.scope, interest=found.interest, mobility=found.mobility)
    return render(
        request,
        "frontend/reports/gaps.html",
        {
            "form": _form(GapFilterForm, request, errors),
            "table": report.table.as_dict(),
            "cells": report.cells,
            "best_places": report.best_places,
            "waiting": report.waiting,
            "map": _map_settings(),
            "query": request.GET.urlencode(),
        },
        status=400 if errors else 200,
    )


@require_safe
@reports_reader
def annual(request):
    year = request.GET.get("year", "")
    if not (year.isdigit() and len(year) == 4):
        year = str(timezone.localdate().year)
    params = request.GET.copy()
    params["period"] = year
    found, _errors = _found(request, params)
    return render(
        request,
        "frontend/reports/annual.html",
        {
            "year": year,
            "period": found.period,
            "funnel": [t.as_dict() for t in funnel_report(found.cohort)],
            "effect": [t.as_dict() for t in effect_report(found.cohort)],
            "generated": timezone.localdate(),
        },
    )


@require_safe
@reports_reader
def export(request, fmt: str):
    """?report=funnel|effect|gaps with the page's filters, as CSV or XLSX."""
    report = request.GET.get("report", "funnel")
    if report not in REPORTS:
        raise Http404
    try:
        found = report_request(request.user, request.GET)
    except ScopeNotFound:
        raise Http404 from None
    except BadFilter as error:
        return HttpResponse("; ".join(error.errors.values()), status=400, content_type="text/plain")
    tables = tables_of(report, found)
    name = f"samvaer-{report}-{found.period.key}"
    if fmt == "csv":
        response = HttpResponse(as_csv(tables), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            as_xlsx(tables),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    record_report_export(request.user, view="frontend:reports-export", detail=f"{name}.{fmt}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
