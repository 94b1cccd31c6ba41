"""Planning a batch run: the municipality's facts read once, the engine's rules and score over
all citizens at once, the optimiser's choice, and each chosen pair scored as the instant
engine scores it."""

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from meetingplaces.models import Municipality, Organisation

from .. import engine
from ..engine import assignment
from ..engine.candidates import ActivityTable, CompanionTable
from ..models import Citizen, Match
from ..selectors import citizen_needs_many, companions_of_organisations, organisation_loads
from ..selectors.suggestions import _FACT_COLUMNS, _fact, _open_activities, serving_organisations
from .waiting import explain_waiting, name_activities

# How many of each citizen's best activities the optimiser may choose from. More gives the
# optimiser more room to route around full activities; ten is plenty for a municipality.
CANDIDATES_PER_CITIZEN = 10


@dataclass
class Plan:
    """What a batch run (of one municipality, or of given citizens) would propose, and why
    the others are left waiting."""

    municipality: Municipality | None = None
    waiting: int = 0
    candidates: int = 0
    assignments: tuple[assignment.Assignment, ...] = ()
    greedy_matched: int = 0
    bound: assignment.Bound | None = None
    gap: float | None = None
    seconds: float = 0.0
    # (citizen id, activity id) -> the engine's suggestion, for the chosen pairs.
    suggestions: dict = field(default_factory=dict)
    citizens: dict = field(default_factory=dict)
    companion_km: dict = field(default_factory=dict)
    # citizen id -> (WaitingReason, detail) for every citizen left waiting.
    left_waiting: dict = field(default_factory=dict)

    @property
    def matched(self) -> int:
        return len(self.assignments)

    @property
    def score(self) -> float:
        return sum(a.score for a in self.assignments)

    @property
    def with_companion(self) -> int:
        return sum(1 for a in self.assignments if a.companion is not None)

    @property
    def reasons(self) -> Counter:
        return Counter(reason for reason, _detail in self.left_waiting.values())


def waiting_citizens(municipality=None) -> Iterable[Citizen]:
    """Citizens waiting for a proposal: status waiting, consent on record, no open match."""
    open_match = Match.objects.open().filter(citizen=OuterRef("pk"))
    citizens = (
        Citizen.objects.filter(
            status=Citizen.Status.WAITING,
            anonymised_at__isnull=True,
            consent_withdrawn_at__isnull=True,
        )
        .exclude(Exists(open_match))
        .order_by("waiting_since", "pk")
    )
    if municipality is not None:
        citizens = citizens.filter(municipality=municipality)
    return citizens


def _activities(municipality_id) -> list[engine.ActivityFacts]:
    """The open activities of the organisations serving the municipality, their free seats
    not yet promised: capacity minus participants minus every open match. Open proposals
    count here although they hold no seat yet: a run must not propose more citizens than
    the activity could then accept."""
    activities = _open_activities(today=timezone.localdate()).filter(
        organisation__in=serving_organisations(municipality_id)
    )
    rows = list(activities.values_list(*_FACT_COLUMNS))
    promised = dict(
        Match.objects.open()
        .filter(activity__in=activities)
        .order_by()
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values_list("activity_id", "n")
    )
    loads = organisation_loads({row[-1] for row in rows})
    return [_fact(row, promised, loads) for row in rows]


def _companions(municipality_id) -> list[engine.CompanionFacts]:
    """Companions who may go along (the companion rule's volunteers: approved, can
    accompany, a place left) of the organisations serving the municipality."""
    return companions_of_organisations(
        Organisation.objects.serving(municipality_id).values_list("pk", flat=True)
    )


def plan(
    *,
    municipality: Municipality | None = None,
    citizens: Iterable[Citizen] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Work out the optimal proposals for these citizens (default: all waiting citizens of
    the municipality), all of one municipality."""
    started = time.perf_counter()
    citizens = list(waiting_citizens(municipality) if citizens is None else citizens)
    result = Plan(municipality=municipality, waiting=len(citizens))
    result.citizens = {c.pk: c for c in citizens}
    if not citizens:
        return result
    municipality_ids = {c.municipality_id for c in citizens}
    if len(municipality_ids) != 1:
        raise ValueError("a batch run plans one municipality at a time")
    municipality_id = municipality_ids.pop()
    facts = _activities(municipality_id)
    by_id = {a.id: a for a in facts}
    table = ActivityTable(facts)
    volunteers = _companions(municipality_id)
    companions = CompanionTable(volunteers)
    now = timezone.now()
    needs_of = citizen_needs_many(citizens, now=now)

    edges, seekers, near_of, km_of = [], [], {}, {}
    for done, citizen in enumerate(citizens, start=1):
        needs = needs_of[citizen.pk]
        since = citizen.waiting_since or citizen.created_at or now
        seekers.append(
            assignment.Seeker(
                id=citizen.pk,
                waited=(now - since).total_seconds(),
                needs_companion=citizen.companion_needed,
            )
        )
        near = []
        if needs.companion_needed:
            near = companions.within_reach(needs.latitude, needs.longitude)
            for companion, km in near:
                result.companion_km[citizen.pk, companion.id] = km
        near_of[citizen.pk] = near
        for candidate in table.best(needs, companions=near, limit=CANDIDATES_PER_CITIZEN):
            km_of[citizen.pk, candidate.activity_id] = candidate.distance_km
            edges.append(
                assignment.Edge(
                    citizen.pk,
                    candidate.activity_id,
                    candidate.score,
                    companion_included=by_id[candidate.activity_id].companion_available,
                )
            )
        if progress:
            progress(done, len(citizens))
    result.candidates = len(edges)
    problem = assignment.Problem(
        seekers=seekers,
        openings=[
            assignment.Opening(a.id, a.free_seats, a.slots, a.organisation_id) for a in facts
        ],
        edges=edges,
        companions=[
            assignment.Companion(
                id=c.id,
                places=c.places,
                availability=c.availability,
                organisation=c.organisation_id,
            )
            for c in volunteers
        ],
        companion_km=result.companion_km,
    )
    solution = assignment.solve(problem)
    result.bound, result.gap = solution.bound, solution.gap
    result.greedy_matched = assignment.greedy(problem).matched
    chosen = []
    for found in solution.assignments:
        # The proposal's score and reasons as the instant engine gives them (its parts and
        # sentences; the distance is the grid's, millimetres from geopy's geodesic).
        needs, activity = needs_of[found.citizen], by_id[found.activity]
        exact = engine.suggestion(
            needs,
            activity,
            km_of[found.citizen, found.activity],
            _nearest_fitting(near_of[found.citizen], activity),
        )
        result.suggestions[found.citizen, found.activity] = exact
        chosen.append(replace(found, score=exact.score))
    result.assignments = tuple(chosen)
    result.left_waiting = explain_waiting(result, table, problem, needs_of, edges)
    name_activities(result.left_waiting)
    result.seconds = time.perf_counter() - started
    return result


def _nearest_fitting(near, activity) -> float | None:
    """How far the nearest companion who fits the activity lives (None: nobody fits)."""
    fitting = [
        km for companion, km in near if engine.companion_fits_activity(companion, activity, km)
    ]
    return min(fitting) if fitting else None
