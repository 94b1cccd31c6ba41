"""Reading volunteers: the ones a coordinator manages."""

from django.db.models import Count, Q, QuerySet

from ..models import Volunteer
from ..roles import organisations_of


def volunteers_of(user) -> QuerySet[Volunteer]:
    """The volunteers of the organisations the user coordinates (declined applications
    left out), with their open matches."""
    from matching.models import Match

    return (
        Volunteer.objects.filter(organisation__in=organisations_of(user), declined_at=None)
        .select_related("organisation")
        .annotate(open_matches=Count("matches", filter=Q(matches__status__in=Match.OPEN)))
        .order_by("is_approved", "first_name", "last_name", "pk")
    )
