"""What a signed-in user may see, from their memberships: one place for the scoping rules.

Views and API permissions ask these selectors instead of reading memberships themselves.
"""

from django.db.models import QuerySet

from .models import Membership, Municipality, Organisation, Team


def _memberships(user, role: str) -> QuerySet[Membership]:
    if user is None or not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, role=role)


def teams_of(user) -> QuerySet[Team]:
    """The home-care teams the user is staff of."""
    return Team.objects.filter(pk__in=_memberships(user, Membership.Role.STAFF).values("team_id"))


def organisations_of(user) -> QuerySet[Organisation]:
    """The organisations the user coordinates."""
    return Organisation.objects.filter(
        pk__in=_memberships(user, Membership.Role.COORDINATOR).values("organisation_id")
    )


def administered_municipalities(user) -> QuerySet[Municipality]:
    """The municipalities the user is an admin of."""
    return Municipality.objects.filter(
        pk__in=_memberships(user, Membership.Role.ADMIN).values("municipality_id")
    )


def is_staff_member(user) -> bool:
    return _memberships(user, Membership.Role.STAFF).exists()


def is_coordinator(user) -> bool:
    return _memberships(user, Membership.Role.COORDINATOR).exists()


def is_municipality_admin(user) -> bool:
    return _memberships(user, Membership.Role.ADMIN).exists()
