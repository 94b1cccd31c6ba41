"""Home-care pages: flag a citizen, tell them about a suggestion, follow the team's citizens.

Only staff of a home-care team reach these pages, and only their teams' citizens: any other
citizen answers 404, as if it did not exist. Every page that shows a citizen writes an
AuditEvent per citizen shown.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching import selectors, services
from matching.audit import record_citizen_access
from matching.forms import FlagCitizenForm, ScreeningForm, loneliness_meaning
from matching.models import AuditEvent, Citizen, Match
from outcomes.services import record_suggestions_shown

from .decorators import staff_required


def _citizen_or_404(request, citizen_id) -> Citizen:
    try:
        return selectors.citizen_with_history(user=request.user, citizen_id=citizen_id)
    except Citizen.DoesNotExist:
        raise Http404 from None


def _read(request, citizens, view: str) -> None:
    record_citizen_access(
        user=request.user,
        citizen_ids=[c.pk for c in citizens],
        action=AuditEvent.Action.READ,
        view=view,
    )


@staff_required
def my_citizens(request):
    citizens = list(selectors.citizens_of_teams(request.user))
    _read(request, citizens, "frontend:homecare-citizens")
    return render(request, "frontend/homecare/citizens.html", {"citizens": citizens})


@staff_required
def flag_citizen(request):
    form = FlagCitizenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            citizen = services.flag_citizen(
                by=request.user,
                screening=form.items(),
                view="frontend:homecare-flag",
                **form.citizen_fields(),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("%(name)s er registreret.") % {"name": citizen.first_name})
            return redirect("frontend:homecare-citizen", citizen_id=citizen.pk)
    return render(request, "frontend/homecare/flag.html", {"form": form})


@staff_required
def citizen_page(request, citizen_id):
    citizen = _citizen_or_404(request, citizen_id)
    _read(request, [citizen], "frontend:homecare-citizen")
    suggestions = selectors.activities_for_suggestions(selectors.suggest_activities(citizen))
    record_suggestions_shown(citizen_id=citizen.pk, count=len(suggestions))
    screenings = selectors.screenings_with_change(citizen)
    for row in screenings:
        row["meaning"] = loneliness_meaning(row["total"])
    return render(
        request,
        "frontend/homecare/citizen.html",
        {
            "citizen": citizen,
            "suggestions": suggestions,
            "screenings": screenings,
            "matches": citizen.matches.all(),
            "open_statuses": Match.OPEN,
            "has_consent": selectors.has_consent(citizen),
        },
    )


@staff_required
def citizen_matches(request, citizen_id):
    """The citizen's matches and their history alone, fetched again when a live event says
    that one changed."""
    citizen = _citizen_or_404(request, citizen_id)
    _read(request, [citizen], "frontend:homecare-citizen-matches")
    return render(
        request,
        "frontend/homecare/_matches.html",
        {"citizen": citizen, "matches": citizen.matches.all(), "open_statuses": Match.OPEN},
    )


@staff_required
@require_POST
def tell_citizen(request, citizen_id):
    citizen = _citizen_or_404(request, citizen_id)
    try:
        activity_id = int(request.POST.get("activity", ""))
    except ValueError:
        messages.error(request, _("Vælg et af forslagene."))
        return redirect("frontend:homecare-citizen", citizen_id=citizen.pk)
    try:
        match = services.tell_citizen_about(
            citizen=citizen, activity_id=activity_id, by=request.user, view="frontend:homecare-tell"
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Noteret: %(name)s har hørt om “%(activity)s”. Koordinatoren får forslaget.")
            % {"name": citizen.first_name, "activity": match.activity.title},
        )
    return redirect("frontend:homecare-citizen", citizen_id=citizen.pk)


@staff_required
def rescreen(request, citizen_id):
    citizen = _citizen_or_404(request, citizen_id)
    _read(request, [citizen], "frontend:homecare-rescreen")
    form = ScreeningForm(request.POST or None, citizen=citizen)
    if request.method == "POST" and form.is_valid():
        try:
            screening = form.record(by=request.user, view="frontend:homecare-rescreen")
        except ValidationError as error:
            form.add_error("kind", error.message_dict.get("kind", error.messages))
        else:
            messages.success(
                request,
                _("Screeningen er gemt: %(total)d point (%(meaning)s).")
                % {"total": screening.total, "meaning": loneliness_meaning(screening.total)},
            )
            return redirect("frontend:homecare-citizen", citizen_id=citizen.pk)
    return render(request, "frontend/homecare/rescreen.html", {"citizen": citizen, "form": form})
