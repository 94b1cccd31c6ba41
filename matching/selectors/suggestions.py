"""What to suggest to a citizen: the engine's facts read from the database, and the
candidate activities cut in SQL as far as SQL can."""

from itertools import islice

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from meetingplaces.geo import APPROXIMATION_MARGIN
from meetingplaces.models import Activity, Organisation

from .. import engine
from ..engine import ActivityFacts, CitizenNeeds, Suggestion
from ..models import Citizen, Match
from .citizens import has_consent
from .companions import companions_near

# -- facts for the engine --------------------------------------------------------------


def citizen_needs(citizen: Citizen, *, now=None, excluded_activity_ids=None) -> CitizenNeeds:
    """The engine's view of a citizen (one query: the activities it already has a match
    with, unless the caller read them)."""
    now = now or timezone.now()
    if excluded_activity_ids is None:
        excluded_activity_ids = frozenset(
            Match.objects.filter(citizen=citizen).values_list("activity_id", flat=True)
        )
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
        excluded_activity_ids=excluded_activity_ids,
        waiting_days=max(0, (now - since).days),
        municipality_id=citizen.municipality_id,
    )


def citizen_needs_many(citizens, *, now=None) -> dict:
    """`citizen_needs` for many citizens at once (one query for their earlier matches)."""
    now = now or timezone.now()
    earlier: dict = {c.pk: set() for c in citizens}
    rows = Match.objects.filter(citizen__in=list(earlier)).values_list("citizen_id", "activity_id")
    for citizen_id, activity_id in rows:
        earlier[citizen_id].add(activity_id)
    return {
        c.pk: citizen_needs(c, now=now, excluded_activity_ids=frozenset(earlier[c.pk]))
        for c in citizens
    }


_FACT_COLUMNS = (
    "id",
    "meeting_place__latitude",
    "meeting_place__longitude",
    "meeting_place__step_free",
    "audience",
    "interests",
    "slot_mask",
    "capacity",
    "participants",
    "companion_available",
    "organisation_id",
)


def _open_activities(*, today) -> QuerySet[Activity]:
    # What the finder shows: an entry its owners left unconfirmed too long is not proposed.
    return (
        Activity.objects.published(today=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by()
    )


def _fact(row, seats_held: dict[int, int], loads: dict[int, int]) -> ActivityFacts:
    (
        pk,
        latitude,
        longitude,
        step_free,
        audience,
        interests,
        slots,
        capacity,
        participants,
        companion_available,
        organisation_id,
    ) = row
    return ActivityFacts(
        id=pk,
        latitude=latitude,
        longitude=longitude,
        step_free=step_free,
        audience=audience,
        interests=interests,
        slots=slots,
        free_seats=None if capacity is None else capacity - participants - seats_held.get(pk, 0),
        companion_available=companion_available,
        organisation_id=organisation_id,
        load=loads.get(organisation_id, 0),
    )


def organisation_loads(organisation_ids) -> dict[int, int]:
    """Open matches per organisation: how busy its coordinators are."""
    rows = (
        Match.objects.open()
        .filter(organisation_id__in=organisation_ids)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )
    return dict(rows)


def seats_held(activities: QuerySet[Activity] | list[int]) -> dict[int, int]:
    """Seats held by matches, per activity (only activities with a match appear); the
    activities as a queryset or as ids."""
    rows = (
        Match.objects.holding_seats()
        .filter(activity__in=activities)
        .order_by()
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values_list("activity_id", "n")
    )
    return dict(rows)


def all_activity_facts(*, today=None) -> list[ActivityFacts]:
    """Every open activity as the engine sees it (for batch runs and the benchmark)."""
    activities = _open_activities(today=today or timezone.localdate())
    rows = list(activities.values_list(*_FACT_COLUMNS))
    held = seats_held(activities)
    loads = organisation_loads({row[-1] for row in rows})
    return [_fact(row, held, loads) for row in rows]


def serving_organisations(municipality_id) -> QuerySet[Organisation]:
    """The municipality boundary as a subquery: the organisations whose activities may be
    proposed or suggested to the municipality's citizens."""
    return Organisation.objects.serving(municipality_id).values("pk")


def candidate_activities(needs: CitizenNeeds, *, today=None) -> QuerySet[Activity]:
    """The activities that can pass the hard rules, cut in SQL as far as SQL can.

    The municipality boundary, a bounding box (a range scan of the meeting places'
    (latitude, longitude) index), a circle by a key without trigonometry
    (`engine.order_scale`), audience, step-free access, the wished weekdays and parts of
    day, full places and earlier matches.
    Annotated with `shared` (shared interests) and `reach` (the squared ordering key).
    """
    ky, kx = engine.order_scale(needs)
    # The box of the key's circle: a key within `far` is within far/ky and far/kx degrees.
    far = needs.max_distance_km * (1 + APPROXIMATION_MARGIN)
    south, north = needs.latitude - far / ky, needs.latitude + far / ky
    west, east = needs.longitude - far / kx, needs.longitude + far / kx
    audiences = engine.AUDIENCES_BY_GENDER.get(needs.gender, engine.AUDIENCES_BY_GENDER[""])
    queryset = _open_activities(today=today or timezone.localdate()).filter(
        meeting_place__latitude__range=(south, north),
        meeting_place__longitude__range=(west, east),
        audience__in=audiences,
    )
    # Seats held by matches are subtracted by the engine; this cuts the full ones.
    queryset = queryset.filter(Q(capacity__isnull=True) | Q(capacity__gt=F("participants")))
    if needs.municipality_id is not None:
        # The boundary must not steer SQLite's plan: without table statistics it would
        # read every activity of the serving organisations by their index instead of the
        # box (200 ms instead of 10 ms per citizen in benchmarks/suggest.py). A unary plus
        # is SQLite's documented way to keep a term from using an index; PostgreSQL reads
        # it as the same number.
        organisation = Func(F("organisation_id"), template="(+%(expressions)s)")
        queryset = queryset.alias(
            serving_organisation=ExpressionWrapper(organisation, output_field=IntegerField())
        ).filter(serving_organisation__in=serving_organisations(needs.municipality_id))
    if needs.needs_step_free:
        queryset = queryset.filter(meeting_place__step_free=True)
    if needs.preferred_slots:
        queryset = queryset.filter(GreaterThan(F("slot_mask").bitand(needs.preferred_slots), 0))
    if needs.excluded_activity_ids:
        queryset = queryset.exclude(pk__in=needs.excluded_activity_ids)
    shared = Value(0)
    for bit in range(needs.interests.bit_length()):
        if needs.interests >> bit & 1:
            shared = shared + Case(
                When(GreaterThan(F("interests").bitand(1 << bit), 0), then=Value(1)),
                default=Value(0),
            )
    dlat = F("meeting_place__latitude") - Value(needs.latitude)
    dlon = F("meeting_place__longitude") - Value(needs.longitude)
    reach = ExpressionWrapper(
        dlat * dlat * Value(ky * ky) + dlon * dlon * Value(kx * kx), output_field=FloatField()
    )
    queryset = queryset.annotate(
        shared=ExpressionWrapper(shared, output_field=IntegerField()), reach=reach
    ).filter(reach__lte=far * far)
    return queryset


def activity_facts_near(
    needs: CitizenNeeds, *, activity_id: int | None = None
) -> list[ActivityFacts]:
    """The candidates as facts for the engine (all of them, or one activity)."""
    candidates = candidate_activities(needs)
    if activity_id is not None:
        candidates = candidates.filter(pk=activity_id)
    rows = list(candidates.values_list(*_FACT_COLUMNS))
    held = seats_held(candidates) if rows else {}
    loads = organisation_loads({row[-1] for row in rows})
    return [_fact(row, held, loads) for row in rows]


def suggest_activities(citizen: Citizen, *, limit: int = 5) -> list[Suggestion]:
    """Best activities for one citizen, every hard rule applied (travel distance, step-free
    access when mobility needs it, a free seat, audience fits (Citizen.gender vs
    Activity.audience; 'relatives' activities are not for the citizen), schedule overlaps
    preferred_slots, not an activity whose Match with this citizen was declined, consent on
    record and not withdrawn). A handful of queries, none per activity."""
    if not has_consent(citizen):
        return []
    needs = citizen_needs(citizen)
    # Best-first order in SQL; the engine stops reading as soon as nothing unread can win.
    rows = candidate_activities(needs).order_by("-shared", "reach")
    return engine.rank_streamed(needs, _stream_facts(rows), companions_near(needs), limit=limit)


_CAPACITY = 2 + _FACT_COLUMNS.index("capacity")  # in a streamed row: (shared, reach, *facts)


def _stream_facts(candidates: QuerySet[Activity], chunk: int = 64):
    """(shared, reach, facts) in the candidates' order, read a chunk at a time.

    Seats held and coordinator loads are read per chunk, for that chunk's activities only:
    the engine usually stops within the first chunk, so the rest is never counted.
    """
    rows = candidates.values_list("shared", "reach", *_FACT_COLUMNS).iterator(chunk_size=chunk)
    loads: dict[int, int] = {}
    while batch := list(islice(rows, chunk)):
        limited = [row[2] for row in batch if row[_CAPACITY] is not None]
        held = seats_held(limited) if limited else {}
        new_organisations = {row[-1] for row in batch} - loads.keys()
        if new_organisations:
            loads.update(dict.fromkeys(new_organisations, 0))
            loads.update(organisation_loads(new_organisations))
        for shared, reach, *row in batch:
            yield shared, reach, _fact(row, held, loads)


def activities_for_suggestions(suggestions: list[Suggestion]) -> list[tuple[Suggestion, Activity]]:
    """The suggested activities with their meeting places, in the suggestions' order."""
    activities = Activity.objects.select_related("meeting_place", "organisation").in_bulk(
        [s.activity_id for s in suggestions]
    )
    return [(s, activities[s.activity_id]) for s in suggestions if s.activity_id in activities]
