"""Reading citizens: the ones a home-care staff member may see, one with its history; the
ones a municipality admin may look up."""

from django.db.models import Count, Q, QuerySet

from meetingplaces.roles import administered_municipalities, teams_of

from ..models import Citizen


def citizens_visible_to(user) -> QuerySet[Citizen]:
    """The citizens of the home-care teams the user is staff of (none for anyone else)."""
    return Citizen.objects.filter(team__in=teams_of(user), anonymised_at__isnull=True)


def citizens_administered_by(user) -> QuerySet[Citizen]:
    """The citizens of the municipalities the user is an admin of: for access requests,
    erasure and recording a phone number."""
    return Citizen.objects.filter(municipality__in=administered_municipalities(user))


def citizens_of_teams(user) -> QuerySet[Citizen]:
    """'My citizens': the team's citizens, the one with the newest activity first."""
    return citizens_visible_to(user).select_related("team").order_by("-updated_at")


def citizen_with_history(*, user, citizen_id) -> Citizen:
    """One citizen with screenings and matches (and their activities) prefetched.

    Raises Citizen.DoesNotExist for a citizen outside the user's teams.
    """
    return (
        citizens_visible_to(user)
        .select_related("team", "flagged_by", "consent_recorded_by")
        .prefetch_related(
            "screenings",
            "matches__activity__meeting_place",
            "matches__history",
        )
        .get(pk=citizen_id)
    )


def has_consent(citizen: Citizen) -> bool:
    return citizen.consent_given_at is not None and citizen.consent_withdrawn_at is None


def screenings_with_change(citizen: Citizen) -> list[dict]:
    """The citizen's screenings in order, each with its change from the baseline."""
    screenings = list(citizen.screenings.all())
    baseline = next((s for s in screenings if s.kind == "baseline"), None)
    return [
        {
            "screening": s,
            "total": s.total,
            "change": None if baseline is None or s is baseline else s.total - baseline.total,
        }
        for s in screenings
    ]


def waiting_reasons(*, municipality=None) -> QuerySet[Citizen]:
    """Citizens the last batch run left waiting, with why and what would have to change
    (`waiting_reason`, `waiting_detail`: the activity, its place and organisation, or the
    nearest one beyond reach) and their approximate home: the gap map's input."""
    citizens = Citizen.objects.filter(
        status=Citizen.Status.WAITING, anonymised_at__isnull=True
    ).exclude(waiting_reason="")
    if municipality is not None:
        citizens = citizens.filter(municipality=municipality)
    return citizens.values(
        "pk", "municipality_id", "waiting_reason", "waiting_detail", "latitude", "longitude"
    ).order_by("pk")


def citizen_counts(*, municipality) -> dict[str, int]:
    """How many of the municipality's citizens are in each state, and how many proposals
    wait for a coordinator's answer: counts only, for its admin's overview. One query."""
    citizens = Citizen.objects.filter(municipality=municipality, anonymised_at__isnull=True)
    return citizens.aggregate(
        waiting=Count("pk", filter=Q(status=Citizen.Status.WAITING)),
        proposed=Count("pk", filter=Q(status=Citizen.Status.PROPOSED)),
        taking_part=Count(
            "pk",
            filter=Q(
                status__in=[
                    Citizen.Status.ACCEPTED,
                    Citizen.Status.FIRST_VISIT,
                    Citizen.Status.PARTICIPATING,
                ]
            ),
        ),
    )
