"""Who may open a page, one decorator per kind of user: the pages' permission checks in one
place. Which objects a user then sees is for the selectors and the access functions.

Anonymous visitors are sent to log in; signed-in users without the role are refused (403).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from meetingplaces.importing.selectors import import_targets_of
from meetingplaces.roles import (
    administered_municipalities,
    is_coordinator,
    is_municipality_admin,
    is_staff_member,
    is_volunteer,
)


def _signed_in_and(allowed, view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not allowed(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def coordinator_required(view):
    """Volunteer coordinators of an organisation."""
    return _signed_in_and(is_coordinator, view)


def staff_required(view):
    """Staff of a home-care team."""
    return _signed_in_and(is_staff_member, view)


def volunteer_required(view):
    """Volunteers with a sign-in of their own (a volunteer record linked to the user)."""
    return _signed_in_and(is_volunteer, view)


def entries_keeper_required(view):
    """Coordinators (their organisations' entries) and municipality admins (their
    municipality's): which entries each sees is meetingplaces.entries' business."""
    return _signed_in_and(lambda user: is_coordinator(user) or is_municipality_admin(user), view)


def importer_required(view):
    """Coordinators and municipality admins; the view gets where the user may import."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        targets = import_targets_of(request.user)
        if not targets:
            raise PermissionDenied
        return view(request, *args, targets=targets, **kwargs)

    return wrapper


def municipality_admin_required(view):
    """Municipality admins; the view gets the municipality they run (their first, by id,
    when they run several)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        municipality = administered_municipalities(request.user).order_by("pk").first()
        if municipality is None:
            raise PermissionDenied
        return view(request, municipality, *args, **kwargs)

    return wrapper
