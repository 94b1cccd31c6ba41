"""What a municipality's register holds, counted for its admin."""

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import (
    Activity,
    MeetingPlace,
    Municipality,
    Organisation,
    Team,
    Volunteer,
)


def _count(queryset: QuerySet):
    """A subquery counting the rows of `queryset` (filtered on OuterRef("pk")), 0 if none."""
    grouped = queryset.order_by().values("municipality").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(grouped[:1]), 0)


def municipality_register_counts(municipality: Municipality) -> dict[str, int]:
    """What the municipality's register holds, for its admin's overview: one query."""
    here = OuterRef("pk")
    counts = (
        Municipality.objects.filter(pk=municipality.pk)
        .values(
            n_meeting_places=_count(MeetingPlace.objects.filter(municipality=here)),
            n_activities=_count(Activity.objects.filter(municipality=here, is_active=True)),
            n_organisations=_count(Organisation.objects.filter(municipality=here)),
            n_teams=_count(Team.objects.filter(municipality=here)),
            n_volunteers=_count(Volunteer.objects.filter(municipality=here, is_approved=True)),
            n_volunteers_waiting=_count(
                Volunteer.objects.filter(municipality=here, is_approved=False)
            ),
        )
        .get()
    )
    return {key.removeprefix("n_"): value for key, value in counts.items()}
