"""Reading citizens and what to suggest to them; the querysets of home care in one place."""

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from meetingplaces.models import Activity, Volunteer
from meetingplaces.roles import teams_of
from meetingplaces.vocabulary import activity_slots

from . import engine
from .engine import ActivityFacts, CitizenNeeds, CompanionFacts, Suggestion
from .models import Citizen, Match

# -- citizens ------------------------------------------------------------------------


def citizens_visible_to(user) -> QuerySet[Citizen]:
    """The citizens of the home-care teams the user is staff of (none for anyone else)."""
    return Citizen.objects.filter(team__in=teams_of(user), anonymised_at__isnull=True)


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


# -- facts for the engine --------------------------------------------------------------


def citizen_needs(citizen: Citizen, *, now=None) -> CitizenNeeds:
    """The engine's view of a citizen (one query: the activities it already has a match with)."""
    now = now or timezone.now()
    since = citizen.waiting_since or citizen.created_at or now
    return CitizenNeeds(
        latitude=citizen.latitude,
        longitude=citizen.longitude,
        max_distance_km=float(citizen.max_distance_km),
        needs_step_free=engine.needs_step_free(citizen.mobility),
        gender=citizen.gender,
        interests=citizen.interests,
        preferred_slots=citizen.preferred_slots,
        companion_needed=citizen.companion_needed,
        has_consent=has_consent(citizen),
        excluded_activity_ids=frozenset(
            Match.objects.filter(citizen=citizen).values_list("activity_id", flat=True)
        ),
        waiting_days=max(0, (now - since).days),
    )


_FACT_COLUMNS = (
    "id",
    "meeting_place__latitude",
    "meeting_place__longitude",
    "meeting_place__step_free",
    "audience",
    "interests",
    "weekday",
    "start_time",
    "end_time",
    "capacity",
    "participants",
    "seats_held",
    "companion_available",
    "organisation_id",
)


def _open_activities(*, today) -> QuerySet[Activity]:
    seats_held = (
        Match.objects.filter(activity=OuterRef("pk"), status__in=Match.SEAT_HOLDING)
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Activity.objects.filter(is_active=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .annotate(seats_held=Coalesce(Subquery(seats_held, output_field=IntegerField()), 0))
        .order_by()
    )


def _facts(rows, loads: dict[int, int]) -> list[ActivityFacts]:
    facts = []
    for (
        pk,
        latitude,
        longitude,
        step_free,
        audience,
        interests,
        weekday,
        start,
        end,
        capacity,
        participants,
        seats_held,
        companion_available,
        organisation_id,
    ) in rows:
        facts.append(
            ActivityFacts(
                id=pk,
                latitude=latitude,
                longitude=longitude,
                step_free=step_free,
                audience=audience,
                interests=interests,
                slots=activity_slots(weekday, start, end),
                free_seats=None if capacity is None else capacity - participants - seats_held,
                companion_available=companion_available,
                organisation_id=organisation_id,
                load=loads.get(organisation_id, 0),
            )
        )
    return facts


def organisation_loads(organisation_ids) -> dict[int, int]:
    """Open matches per organisation: how busy its coordinators are."""
    rows = (
        Match.objects.filter(organisation_id__in=organisation_ids, status__in=Match.OPEN)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )
    return dict(rows)


def all_activity_facts(*, today=None) -> list[ActivityFacts]:
    """Every open activity as the engine sees it (for batch runs and the benchmark)."""
    today = today or timezone.localdate()
    rows = list(_open_activities(today=today).values_list(*_FACT_COLUMNS))
    return _facts(rows, organisation_loads({row[-1] for row in rows}))


def activity_facts_near(needs: CitizenNeeds, *, today=None) -> list[ActivityFacts]:
    """The activities that can pass the hard rules, prefiltered in SQL.

    The bounding box is a range scan of the (latitude, longitude) index of meeting places;
    audience, step-free access, weekday and seats are cut in the same query.
    """
    today = today or timezone.localdate()
    south, north, west, east = engine.bounding_box(
        needs.latitude, needs.longitude, needs.max_distance_km
    )
    audiences = engine.AUDIENCES_BY_GENDER.get(needs.gender, engine.AUDIENCES_BY_GENDER[""])
    queryset = _open_activities(today=today).filter(
        meeting_place__latitude__range=(south, north),
        meeting_place__longitude__range=(west, east),
        audience__in=audiences,
    )
    if needs.needs_step_free:
        queryset = queryset.filter(meeting_place__step_free=True)
    if needs.preferred_slots:
        weekdays = sorted({i // 3 for i in range(21) if needs.preferred_slots >> i & 1})
        queryset = queryset.filter(weekday__in=weekdays)
    # Seats held by matches are subtracted by the engine; this cuts the full ones cheaply.
    queryset = queryset.filter(Q(capacity__isnull=True) | Q(capacity__gt=F("participants")))
    rows = list(queryset.values_list(*_FACT_COLUMNS))
    rows = [row for row in rows if row[0] not in needs.excluded_activity_ids]
    return _facts(rows, organisation_loads({row[-1] for row in rows}))


def companions_near(needs: CitizenNeeds, organisation_ids) -> list[CompanionFacts]:
    """Approved companions of these organisations near the citizen with room for one more."""
    if not needs.companion_needed or not organisation_ids:
        return []
    south, north, west, east = engine.bounding_box(
        needs.latitude, needs.longitude, engine.COMPANION_RADIUS_KM
    )
    rows = (
        Volunteer.objects.filter(
            organisation_id__in=organisation_ids,
            is_approved=True,
            can_accompany=True,
            latitude__range=(south, north),
            longitude__range=(west, east),
        )
        .annotate(
            accompanying=Count("matches", filter=Q(matches__status__in=Match.OPEN), distinct=True)
        )
        .values_list("organisation_id", "latitude", "longitude", "accompanying", "max_citizens")
    )
    return [
        CompanionFacts(organisation_id=org, latitude=lat, longitude=lon)
        for org, lat, lon, accompanying, room in rows
        if accompanying < room
    ]


def suggest_activities(citizen: Citizen, *, limit: int = 5) -> list[Suggestion]:
    """Best activities for one citizen, every hard rule applied (travel distance, step-free
    access when mobility needs it, a free seat, audience fits (Citizen.gender vs
    Activity.audience; 'relatives' activities are not for the citizen), schedule overlaps
    preferred_slots, not an activity whose Match with this citizen was declined, consent on
    record and not withdrawn). A handful of queries, none per activity."""
    if not has_consent(citizen):
        return []
    needs = citizen_needs(citizen)
    activities = activity_facts_near(needs)
    companions = companions_near(needs, {a.organisation_id for a in activities})
    return engine.rank(needs, activities, companions, limit=limit)


def activities_for_suggestions(suggestions: list[Suggestion]) -> list[tuple[Suggestion, Activity]]:
    """The suggested activities with their meeting places, in the suggestions' order."""
    activities = Activity.objects.select_related("meeting_place", "organisation").in_bulk(
        [s.activity_id for s in suggestions]
    )
    return [(s, activities[s.activity_id]) for s in suggestions if s.activity_id in activities]


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
