"""A citizen of the municipality found by care reference, for an access request or an
erasure, and to record whom a coordinator may call. Every read goes through
`matching.access`, which audits it; another municipality's citizen does not exist here."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from matching import selectors, services
from matching.access import NotFound, access_citizen_as_admin, access_citizen_by_reference
from matching.forms import PhoneForm
from matching.privacy import withdraw_consent

from ..decorators import municipality_admin_required
from ..forms import add_service_errors
from .forms import CitizenLookupForm


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@municipality_admin_required
def citizen_lookup(request, municipality):
    # A POST: the care reference stays out of the address bar and the access logs.
    form = CitizenLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            citizen = access_citizen_by_reference(
                request.user,
                form.cleaned_data["care_reference"],
                view="frontend:municipal-citizen-lookup",
            )
        except NotFound:
            form.add_error(
                "care_reference",
                _("Der er ingen borger med den reference i %(name)s.") % {"name": municipality},
            )
        else:
            return redirect("frontend:municipal-citizen", citizen_id=citizen.pk)
    return render(
        request,
        "frontend/municipal/citizen_lookup.html",
        {"municipality": municipality, "form": form},
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
@municipality_admin_required
def citizen(request, municipality, citizen_id):
    return _citizen_page(request, municipality, citizen_id, view="frontend:municipal-citizen")


def _citizen_page(request, municipality, citizen_id, *, view, phone_form=None):
    found = access_citizen_as_admin(request.user, citizen_id, view=view)
    return render(
        request,
        "frontend/municipal/citizen.html",
        {
            "municipality": municipality,
            "citizen": found,
            "phone_form": phone_form or PhoneForm.for_citizen(found),
            "look_ups": selectors.look_ups_of(found.pk),
        },
    )


@require_POST
@municipality_admin_required
def citizen_phone(request, municipality, citizen_id):
    form = PhoneForm(request.POST)
    if form.is_valid():
        try:
            services.record_phone(
                by=request.user,
                citizen_id=citizen_id,
                view="frontend:municipal-citizen-phone",
                as_admin=True,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Telefonnummeret er gemt."))
            return redirect("frontend:municipal-citizen", citizen_id=citizen_id)
    return _citizen_page(
        request,
        municipality,
        citizen_id,
        view="frontend:municipal-citizen-phone",
        phone_form=form,
    )


@require_POST
@municipality_admin_required
def citizen_erase(request, municipality, citizen_id):
    """The citizen asked to be erased: open matches end and the record is anonymised."""
    found = access_citizen_as_admin(
        request.user, citizen_id, view="frontend:municipal-citizen-erase"
    )
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Sæt kryds for at bekræfte sletningen."))
    elif found.anonymised_at is None:
        withdraw_consent(citizen=found, by=request.user, reason="sletning på borgerens anmodning")
        messages.success(request, _("Borgerens oplysninger er slettet."))
    return redirect("frontend:municipal-citizen", citizen_id=found.pk)
