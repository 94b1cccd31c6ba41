"""The municipality's people: invite by a link with a role, give and remove roles,
deactivate. The link is shown once, on the answer to the form, to copy; it also goes by
e-mail when e-mail is set up."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from meetingplaces.administration import selectors, services
from notifications.services import email_is_configured

from ..decorators import municipality_admin_required
from ..forms import add_service_errors, service_messages
from .forms import InviteForm, RoleForm


def _invited(request, user, token) -> dict:
    """What the admin is shown after an invitation: the link, and whether it was e-mailed."""
    return {
        "user": user,
        "url": request.build_absolute_uri(reverse("frontend:invitation", args=[token])),
        "emailed": email_is_configured(),
        "days": settings.INVITATION_MAX_AGE_DAYS,
    }


@never_cache  # the answer to an invitation holds the link
@require_http_methods(["GET", "HEAD", "POST"])
@municipality_admin_required
def users(request, municipality):
    form = InviteForm(request.POST or None, municipality=municipality)
    invited = None
    if request.method == "POST" and form.is_valid():
        try:
            user, token = services.user_invite(
                municipality=municipality,
                email=form.cleaned_data["email"],
                by=request.user,
                **form.scope(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            invited = _invited(request, user, token)
            form = InviteForm(municipality=municipality)
    return render(
        request,
        "frontend/municipal/users.html",
        {
            "municipality": municipality,
            "people": selectors.users_of_municipality(municipality),
            "form": form,
            "invited": invited,
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@municipality_admin_required
def user(request, municipality, pk):
    person = get_object_or_404(selectors.users_of_municipality(municipality), pk=pk)
    form = RoleForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(municipality=municipality, user_id=person.pk, **form.scope())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rollen er givet."))
            return redirect("frontend:municipal-user", pk=person.pk)
    return _user_page(request, municipality, person, form=form)


def _user_page(request, municipality, person, *, form=None, invited=None):
    return render(
        request,
        "frontend/municipal/user.html",
        {
            "municipality": municipality,
            "person": person,
            "pending": selectors.is_invited(person),
            "form": form or RoleForm(municipality=municipality),
            "invited": invited,
        },
    )


def _refused(request, error: ValidationError) -> None:
    for message in service_messages(error):
        messages.error(request, message)


@require_POST
@municipality_admin_required
def user_active(request, municipality, pk):
    active = request.POST.get("active") == "1"
    try:
        person = services.user_set_active(
            municipality=municipality, user_id=pk, active=active, by=request.user
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        name = person.get_full_name() or person.get_username()
        messages.success(
            request,
            (_("%(name)s kan logge ind igen.") if active else _("%(name)s er deaktiveret."))
            % {"name": name},
        )
    return redirect("frontend:municipal-user", pk=pk)


@require_POST
@municipality_admin_required
def membership_remove(request, municipality, pk):
    try:
        membership = services.membership_remove(
            municipality=municipality, membership_id=pk, by=request.user
        )
    except ValidationError as error:
        _refused(request, error)
        return redirect("frontend:municipal-users")
    messages.success(request, _("Rollen er fjernet."))
    if selectors.users_of_municipality(municipality).filter(pk=membership.user_id).exists():
        return redirect("frontend:municipal-user", pk=membership.user_id)
    return redirect("frontend:municipal-users")


@never_cache
@require_POST
@municipality_admin_required
def user_invitation(request, municipality, pk):
    """A new link for someone who has not arrived yet; the earlier ones stop working."""
    try:
        person, token = services.invitation_renew(
            municipality=municipality, user_id=pk, by=request.user
        )
    except ValidationError as error:
        _refused(request, error)
        return redirect("frontend:municipal-user", pk=pk)
    person = selectors.users_of_municipality(municipality).get(pk=person.pk)
    return _user_page(request, municipality, person, invited=_invited(request, person, token))
