"""What a municipality admin reads of their own municipality."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import Membership, Municipality, Organisation, Team


def teams_of_municipality(municipality: Municipality) -> QuerySet[Team]:
    """The municipality's teams, each with how many active staff it has."""
    return municipality.teams.annotate(
        staff_count=Count(
            "memberships",
            filter=Q(memberships__role=Membership.Role.STAFF, memberships__user__is_active=True),
        )
    ).order_by("name")


def organisations_of_municipality(municipality: Municipality) -> QuerySet[Organisation]:
    """The municipality's own organisations, with the municipalities they also serve and
    how many active coordinators each has."""
    return (
        Organisation.objects.filter(municipality=municipality)
        .prefetch_related(Prefetch("serves", queryset=Municipality.objects.order_by("name")))
        .annotate(
            coordinator_count=Count(
                "memberships",
                filter=Q(
                    memberships__role=Membership.Role.COORDINATOR,
                    memberships__user__is_active=True,
                ),
            )
        )
        .order_by("name")
    )


def other_municipalities(municipality: Municipality) -> QuerySet[Municipality]:
    """Where an organisation of the municipality may also serve, by agreement."""
    return Municipality.objects.exclude(pk=municipality.pk).order_by("name")


def memberships_in(municipality: Municipality) -> QuerySet[Membership]:
    return Membership.objects.filter(municipality=municipality).select_related(
        "team", "organisation"
    )


def users_of_municipality(municipality: Municipality) -> QuerySet:
    """The people with a role in the municipality (volunteers sign up on their own and
    are their coordinators' to keep), each with their roles here prefetched as `roles`."""
    roles_here = memberships_in(municipality).exclude(role=Membership.Role.VOLUNTEER)
    return (
        get_user_model()
        .objects.filter(pk__in=roles_here.values("user_id"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=roles_here.order_by("role", "pk"),
                to_attr="roles",
            )
        )
        .order_by("-is_active", "first_name", "last_name", "username")
    )


def is_invited(user) -> bool:
    """Invited and not yet arrived: no password of their own yet."""
    return not user.has_usable_password() and user.last_login is None
