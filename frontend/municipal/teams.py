"""The municipality's home-care teams: list and create, rename."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from meetingplaces.administration import selectors, services

from ..decorators import municipality_admin_required
from ..forms import add_service_errors
from .forms import TeamForm


@require_http_methods(["GET", "HEAD", "POST"])
@municipality_admin_required
def teams(request, municipality):
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Teamet “%(name)s” er oprettet.") % {"name": team.name})
            return redirect("frontend:municipal-teams")
    return render(
        request,
        "frontend/municipal/teams.html",
        {
            "municipality": municipality,
            "teams": selectors.teams_of_municipality(municipality),
            "form": form,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@municipality_admin_required
def team(request, municipality, pk):
    team = get_object_or_404(selectors.teams_of_municipality(municipality), pk=pk)
    form = TeamForm(request.POST or None, initial={"name": team.name})
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_rename(
                municipality=municipality, team_id=team.pk, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Teamet hedder nu “%(name)s”.") % {"name": team.name})
            return redirect("frontend:municipal-teams")
    return render(
        request,
        "frontend/municipal/team.html",
        {"municipality": municipality, "team": team, "form": form},
    )
