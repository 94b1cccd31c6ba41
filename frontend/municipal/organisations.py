"""The municipality's organisations: list, create, edit, and which other municipalities
each serves by agreement."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from meetingplaces.administration import selectors, services

from ..decorators import municipality_admin_required
from ..forms import add_service_errors
from .forms import OrganisationForm


@require_http_methods(["GET", "HEAD"])
@municipality_admin_required
def organisations(request, municipality):
    return render(
        request,
        "frontend/municipal/organisations.html",
        {
            "municipality": municipality,
            "organisations": selectors.organisations_of_municipality(municipality),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@municipality_admin_required
def organisation(request, municipality, pk=None):
    """A new organisation (without `pk`), or one of the municipality's to edit."""
    found = None
    if pk is None:
        form = OrganisationForm(request.POST or None, municipality=municipality)
    else:
        found = get_object_or_404(selectors.organisations_of_municipality(municipality), pk=pk)
        form = OrganisationForm.of(found, municipality=municipality, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.organisation_save(
                municipality=municipality,
                organisation_id=found.pk if found else None,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” er gemt.") % {"name": saved.name})
            return redirect("frontend:municipal-organisations")
    return render(
        request,
        "frontend/municipal/organisation.html",
        {"municipality": municipality, "organisation": found, "form": form},
    )
