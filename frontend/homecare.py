"""Home-care pages: flag a citizen, tell them about a suggestion, follow the team's citizens.

Only staff of a home-care team reach these pages, and only their teams' citizens: any other
citizen answers 404, as if it did not exist. Citizens are read through `matching.access`,
which writes the audit trail.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching import selectors, services
from matching.access import access_citizen, record_shown
from matching.forms import FlagCitizenForm, PhoneForm, ScreeningForm, loneliness_meaning
from matching.models import Match
from matching.privacy import withdraw_consent
from outcomes.services import record_suggestions_shown

from .decorators import staff_required
from .forms import add_service_errors, service_messages


@staff_required
def my_citizens(request):
    citizens = record_shown(
        request.user, selectors.citizens_of_teams(request.user), view="frontend:homecare-citizens"
    )
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
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s er registreret.") % {"name": citizen.first_name})
            return redirect("frontend:homecare-citizen", citizen_id=citizen.pk)
    return render(request, "frontend/homecare/flag.html", {"form": form})


@staff_required
def citizen_page(request, citizen_id, *, phone_form=None, view="frontend:homecare-citizen"):
    citizen = access_citizen(request.user, citizen_id, view=view)
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
            "phone_form": phone_form or PhoneForm.for_citizen(citizen),
        },
    )


@staff_required
def citizen_matches(request, citizen_id):
    """The citizen's matches and their history alone, fetched again when a live event says
    that one changed."""
    citizen = access_citizen(request.user, citizen_id, view="frontend:homecare-citizen-matches")
    return render(
        request,
        "frontend/homecare/_matches.html",
        {"citizen": citizen, "matches": citizen.matches.all(), "open_statuses": Match.OPEN},
    )


@staff_required
@require_POST
def tell_citizen(request, citizen_id):
    citizen = access_citizen(request.user, citizen_id, view="frontend:homecare-tell")
    try:
        activity_id = int(request.POST.get("activity", ""))
    except ValueError:
        messages.error(request, _("Vælg et af forslagene."))
        return redirect("frontend:homecare-citizen", citizen_id=citizen.pk)
    try:
        match = services.tell_citizen_about(
            citizen_id=citizen.pk,
            activity_id=activity_id,
            by=request.user,
            view="frontend:homecare-tell",
        )
    except ValidationError as error:
        for message in service_messages(error):
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
    citizen = access_citizen(request.user, citizen_id, view="frontend:homecare-rescreen")
    form = ScreeningForm(request.POST or None, citizen=citizen)
    if request.method == "POST" and form.is_valid():
        try:
            screening = form.record(by=request.user, view="frontend:homecare-rescreen")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Screeningen er gemt: %(total)d point (%(meaning)s).")
                % {"total": screening.total, "meaning": loneliness_meaning(screening.total)},
            )
            return redirect("frontend:homecare-citizen", citizen_id=citizen.pk)
    return render(request, "frontend/homecare/rescreen.html", {"citizen": citizen, "form": form})


@staff_required
@require_POST
def citizen_phone(request, citizen_id):
    """Record whom the coordinator may call; a refusal shows the citizen's page again with
    the form's errors."""
    form = PhoneForm(request.POST)
    if form.is_valid():
        try:
            services.record_phone(
                by=request.user,
                citizen_id=citizen_id,
                view="frontend:homecare-phone",
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Telefonnummeret er gemt."))
            return redirect("frontend:homecare-citizen", citizen_id=citizen_id)
    return citizen_page(request, citizen_id, phone_form=form, view="frontend:homecare-phone")


@staff_required
@require_POST
def citizen_withdraw(request, citizen_id):
    """The citizen says no after all: open matches end and the record is erased at once.
    Without the tick nothing happens."""
    citizen = access_citizen(request.user, citizen_id, view="frontend:homecare-withdraw")
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Sæt kryds for at bekræfte, at borgeren trækker samtykket."))
        return redirect("frontend:homecare-citizen", citizen_id=citizen.pk)
    withdraw_consent(
        citizen=citizen,
        by=request.user,
        reason="samtykke trukket tilbage i hjemmeplejen",
        view="frontend:homecare-withdraw",
    )
    # No name in the message: the citizen is erased, and messages wait in the session.
    messages.success(
        request, _("Samtykket er trukket tilbage, og borgerens oplysninger er slettet.")
    )
    return redirect("frontend:homecare-citizens")
