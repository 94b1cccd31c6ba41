"""The batch run: a municipality's waiting citizens assigned at once, optimally, in one
transaction, and each citizen left waiting told why.

The facts are read once per municipality (its citizens, the activities and companions of
the organisations serving it: the municipality boundary); the engine's rules and score are
applied to all citizens at once (`matching.engine.candidates`), `matching.engine.assignment`
picks the best set of pairs under the seat and companion limits, and the proposals are
written together. Each chosen pair's score and reasons are then worked out by the instant
engine's own functions, so a proposal reads the same whichever way it was made.
"""

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from meetingplaces.models import Activity, Municipality, Organisation, Volunteer
from meetingplaces.municipalities import find_municipality
from notifications import services as notify

from . import engine, events
from .engine import assignment
from .engine.candidates import ActivityTable, CompanionTable
from .models import Citizen, Match, MatchStatusChange, WaitingReason

__all__ = ["WaitingReason", "plan", "run", "run_night", "write_proposals"]
from .selectors import citizen_needs_many, companions_of_organisations, organisation_loads
from .selectors.suggestions import _FACT_COLUMNS, _fact, _open_activities, serving_organisations

# How many of each citizen's best activities the optimiser may choose from. More gives the
# optimiser more room to route around full activities; ten is plenty for a municipality.
CANDIDATES_PER_CITIZEN = 10
# How far beyond a citizen's travel limit the explanation looks for the nearest activity
# that would fit ("the nearest is 7 km away").
EXPLAIN_REACH_KM = 25.0


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
    result.left_waiting = _explain(result, table, problem, needs_of, edges)
    _name_activities(result.left_waiting)
    result.seconds = time.perf_counter() - started
    return result


def _nearest_fitting(near, activity) -> float | None:
    """How far the nearest companion who fits the activity lives (None: nobody fits)."""
    fitting = [
        km for companion, km in near if engine.companion_fits_activity(companion, activity, km)
    ]
    return min(fitting) if fitting else None


def _explain(result: Plan, table, problem, needs_of, edges) -> dict:
    """For each citizen left waiting, the nearest reason: what would have to change."""
    matched = {a.citizen for a in result.assignments}
    used = Counter(a.activity for a in result.assignments)
    seats = {o.id: o.seats for o in problem.openings}
    fitting = {(c, a) for c, a, _v in _companion_columns(problem)}
    edges_of = defaultdict(list)
    for edge in edges:
        edges_of[edge.citizen].append(edge)
    reasons = {}
    for citizen_id in result.citizens.keys() - matched:
        needs = needs_of[citizen_id]
        mine = sorted(edges_of[citizen_id], key=lambda e: -e.score)
        if not mine:
            full = table.best(replace(needs, companion_needed=False), limit=1, full_too=True)
            if full:
                reasons[citizen_id] = (WaitingReason.NO_SEAT, _activity_detail(full[0]))
            else:
                reasons[citizen_id] = (WaitingReason.NO_ACTIVITY, _nearest_beyond(table, needs))
            continue
        reachable = [
            e
            for e in mine
            if e.companion_included
            or not needs.companion_needed
            or (citizen_id, e.activity) in fitting
        ]
        if not reachable:
            # Activities fit, but no companion of theirs lives near or is free then.
            reasons[citizen_id] = (
                WaitingReason.NO_COMPANION,
                {**_edge_detail(mine[0]), "near": [needs.latitude, needs.longitude]},
            )
            continue
        free = [
            e
            for e in reachable
            if seats[e.activity] is None or used[e.activity] < seats[e.activity]
        ]
        if free:
            # A seat was left, so the companions' places ran out first.
            reasons[citizen_id] = (
                WaitingReason.NO_COMPANION,
                {**_edge_detail(free[0]), "near": [needs.latitude, needs.longitude]},
            )
        else:
            reasons[citizen_id] = (WaitingReason.NO_SEAT, _edge_detail(reachable[0]))
    return reasons


def _name_activities(left_waiting: dict) -> None:
    """Each reason's activity named as staff know it: title, place and organisation."""
    ids = {detail["activity"] for _r, detail in left_waiting.values() if "activity" in detail}
    names = {
        pk: {"title": title, "place": place, "organisation": organisation}
        for pk, title, place, organisation in Activity.objects.filter(pk__in=ids).values_list(
            "pk", "title", "meeting_place__name", "organisation__name"
        )
    }
    for _reason, detail in left_waiting.values():
        if "activity" in detail:
            detail.update(names.get(detail["activity"], {}))


def _companion_columns(problem):
    seekers = {s.id: s for s in problem.seekers}
    openings = {o.id: o for o in problem.openings}
    reach = defaultdict(list)
    companions = {c.id: c for c in problem.companions}
    for (citizen, companion), _km in problem.companion_km.items():
        if companion in companions:
            reach[citizen].append(companions[companion])
    for edge in problem.edges:
        seeker = seekers[edge.citizen]
        if not seeker.needs_companion or edge.companion_included:
            continue
        for companion in reach[edge.citizen]:
            if assignment.companion_fits(problem, seeker, openings[edge.activity], companion):
                yield edge.citizen, edge.activity, companion.id


def _edge_detail(edge) -> dict:
    return {"activity": edge.activity}


def _activity_detail(candidate) -> dict:
    return {"activity": candidate.activity_id, "distance_km": round(candidate.distance_km, 1)}


def _nearest_beyond(table, needs) -> dict:
    """The nearest activity that would fit but for the distance, if any within reach."""
    wider = replace(needs, max_distance_km=max(needs.max_distance_km, EXPLAIN_REACH_KM))
    positions, km = table.in_reach(wider, full_too=True)
    if not len(positions):
        return {"max_distance_km": needs.max_distance_km}
    nearest = int(km.argmin())
    return {
        "activity": table.ids[positions[nearest]].item(),
        "distance_km": round(float(km[nearest]), 1),
        "max_distance_km": needs.max_distance_km,
    }


def _reasons(plan: Plan, chosen: assignment.Assignment, volunteers: dict) -> list[dict]:
    reasons = [r.as_dict() for r in plan.suggestions[chosen.citizen, chosen.activity].reasons]
    if chosen.companion is not None:
        reason = engine.companion_volunteer_reason(
            volunteer_id=chosen.companion,
            name=volunteers[chosen.companion],
            km=plan.companion_km[chosen.citizen, chosen.companion],
        )
        reasons.append(reason.as_dict())
    return reasons


def write_proposals(plan: Plan) -> list[Match]:
    """Write every proposal of the plan, with its history row, and every left-over's
    reason, in one transaction."""
    activities = {
        pk: (coordinator, organisation)
        for pk, coordinator, organisation in Activity.objects.filter(
            pk__in={a.activity for a in plan.assignments}
        ).values_list("pk", "coordinator_id", "organisation_id")
    }
    volunteers = dict(
        Volunteer.objects.filter(
            pk__in={a.companion for a in plan.assignments if a.companion is not None}
        ).values_list("pk", "first_name")
    )
    now = timezone.now()
    with transaction.atomic():
        # Lock the citizens: a second run (or an instant proposal) writing at the same
        # moment waits, then sees the open match and skips them.
        list(
            Citizen.objects.select_for_update()
            .filter(pk__in=[a.citizen for a in plan.assignments])
            .values_list("pk", flat=True)
        )
        # A citizen who got an open match since the plan was made keeps it: skip them.
        busy = set(
            Match.objects.open()
            .filter(citizen_id__in=[a.citizen for a in plan.assignments])
            .values_list("citizen_id", flat=True)
        )
        matches = Match.objects.bulk_create(
            Match(
                citizen_id=chosen.citizen,
                activity_id=chosen.activity,
                organisation_id=activities[chosen.activity][1],
                coordinator_id=activities[chosen.activity][0],
                companion_id=chosen.companion,
                score=chosen.score,
                reasons=_reasons(plan, chosen, volunteers),
            )
            for chosen in plan.assignments
            if chosen.citizen not in busy
        )
        MatchStatusChange.objects.bulk_create(
            MatchStatusChange(match=match, from_status="", to_status=Match.Status.PROPOSED)
            for match in matches
        )
        Citizen.objects.filter(pk__in=[m.citizen_id for m in matches]).update(
            status=Citizen.Status.PROPOSED,
            waiting_reason="",
            waiting_detail={},
            waiting_checked_at=now,
            updated_at=now,
        )
        _record_waiting_reasons(plan, now)
        for match in matches:
            match.citizen = plan.citizens[match.citizen_id]
        events.matches_changed(matches)
        notify.matches_proposed(matches)
    return matches


def _record_waiting_reasons(plan: Plan, now) -> None:
    left = [plan.citizens[pk] for pk in plan.left_waiting]
    for citizen in left:
        reason, detail = plan.left_waiting[citizen.pk]
        citizen.waiting_reason, citizen.waiting_detail = reason, detail
        citizen.waiting_checked_at = now
    Citizen.objects.bulk_update(
        left, ["waiting_reason", "waiting_detail", "waiting_checked_at"], batch_size=500
    )


def run(*, municipality: Municipality, dry_run: bool = False, progress=None) -> Plan:
    """One municipality's batch run: plan, and unless `dry_run`, write the proposals and
    the reasons. A rerun proposes nothing twice: a proposed citizen no longer waits."""
    result = plan(municipality=municipality, progress=progress)
    if not dry_run:
        write_proposals(result)
    return result


def municipalities_to_run(name_or_code: str | None = None) -> list[Municipality]:
    """The municipalities a night run covers: one by name or code, or every one."""
    if name_or_code:
        # "Guldborgsund", "Guldborgsund Kommune", "guldborgsund", "376" or "0376".
        found = find_municipality(name_or_code)
        return [found] if found else []
    return list(Municipality.objects.order_by("name"))


def run_night(*, municipality: str | None = None, dry_run: bool = False, progress=None):
    """The scheduled night run: one batch run per municipality (default: all of them)."""
    return [
        run(municipality=m, dry_run=dry_run, progress=progress)
        for m in municipalities_to_run(municipality)
    ]
