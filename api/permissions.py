"""Permission classes of the API: who may call an endpoint at all. Which objects they see
is the selectors' business (scoping through meetingplaces.roles)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from meetingplaces.roles import is_coordinator, is_municipality_admin, is_staff_member


class IsHomeCareStaff(BasePermission):
    """Signed-in staff of a home-care team."""

    message = _("Kun hjemmeplejens medarbejdere har adgang.")

    def has_permission(self, request, view):
        return is_staff_member(request.user)


class IsCoordinator(BasePermission):
    """Signed-in volunteer coordinators of an organisation."""

    message = _("Kun frivilligkoordinatorer har adgang.")

    def has_permission(self, request, view):
        return is_coordinator(request.user)


class IsEntryKeeper(BasePermission):
    """Coordinators (their organisations' entries) and municipality admins (their
    municipality's)."""

    message = _("Kun koordinatorer og kommunens administratorer kan rette aktiviteter.")

    def has_permission(self, request, view):
        return is_coordinator(request.user) or is_municipality_admin(request.user)
