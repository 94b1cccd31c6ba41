"""Why each citizen a batch run leaves waiting is left waiting: the nearest reason, what
would have to change."""

from collections import Counter, defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING

from meetingplaces.models import Activity

from ..engine import assignment
from ..models import WaitingReason

if TYPE_CHECKING:
    from .planning import Plan

# How far beyond a citizen's travel limit the explanation looks for the nearest activity
# that would fit ("the nearest is 7 km away").
EXPLAIN_REACH_KM = 25.0


def explain_waiting(result: "Plan", table, problem, needs_of, edges) -> dict:
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


def name_activities(left_waiting: dict) -> None:
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
