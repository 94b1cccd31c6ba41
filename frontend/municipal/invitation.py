"""The invitee's page: from the link an admin sent, set a name and a password, and arrive
signed in. A link that is forged, expired, used or replaced answers one plain message."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from meetingplaces.administration.invitations import (
    InvitationInvalid,
    invitation_accept,
    invited_user,
)

from ..forms import add_service_errors
from .forms import AcceptInvitationForm


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def accept(request, token):
    try:
        invitee = invited_user(token)
    except InvitationInvalid as error:
        return render(
            request, "frontend/invitation.html", {"invalid": error.messages[0]}, status=404
        )
    form = AcceptInvitationForm(request.POST or None, initial={"first_name": invitee.first_name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = invitation_accept(
                token=token,
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
            )
        except InvitationInvalid as error:
            return render(
                request, "frontend/invitation.html", {"invalid": error.messages[0]}, status=404
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Velkommen, %(name)s. Du er logget ind.") % {"name": user.first_name}
            )
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "frontend/invitation.html", {"invitee": invitee, "form": form})
