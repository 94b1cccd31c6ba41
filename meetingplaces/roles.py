"""What a signed-in user may see, from their memberships: one place for the scoping rules.

Views and API permissions ask these selectors instead of reading memberships themselves.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import Membership, Municipality, Organisation, Team, Volunteer


def _all_memberships(user) -> QuerySet[Membership]:
    if user is None or not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user=user)


def _memberships(user, role: str) -> QuerySet[Membership]:
    return _all_memberships(user).filter(role=role)


def teams_of(user) -> QuerySet[Team]:
    """The home-care teams the user is staff of."""
    return Team.objects.filter(pk__in=_memberships(user, Membership.Role.STAFF).values("team_id"))


def home_team_of(user) -> Team | None:
    """The team a staff member flags citizens for: their first team (by id) when they are
    staff of several; None for anyone who is not staff."""
    return teams_of(user).order_by("pk").first()


def organisations_of(user) -> QuerySet[Organisation]:
    """The organisations the user coordinates."""
    return Organisation.objects.filter(
        pk__in=_memberships(user, Membership.Role.COORDINATOR).values("organisation_id")
    )


def coordinators_of(organisation_id) -> QuerySet:
    """The active users who coordinate the organisation: whom its matches can go to."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role=Membership.Role.COORDINATOR,
            memberships__organisation_id=organisation_id,
        )
        .order_by("first_name", "username", "pk")
        .distinct()
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


def is_volunteer(user) -> bool:
    """A volunteer with a sign-in: the role, and a volunteer record linked to the user."""
    return (
        _memberships(user, Membership.Role.VOLUNTEER).exists()
        and Volunteer.objects.filter(user=user, declined_at=None).exists()
    )


def is_municipality_admin(user) -> bool:
    return _memberships(user, Membership.Role.ADMIN).exists()


def roles_of(user) -> frozenset[str]:
    """Every role the user holds (`Membership.Role` values), in one query: what the
    navigation and the landing page after sign-in are chosen from."""
    return frozenset(_all_memberships(user).values_list("role", flat=True).distinct())
