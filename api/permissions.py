"""Permission classes of the API: who may call an endpoint at all. Which objects they see
is the selectors' business (scoping through meetingplaces.roles)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from meetingplaces.roles import teams_of


class IsHomeCareStaff(BasePermission):
    """Signed-in staff of a home-care team."""

    message = _("Kun hjemmeplejens medarbejdere har adgang.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated) and (
            teams_of(request.user).exists()
        )
