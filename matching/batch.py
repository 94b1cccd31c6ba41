"""The batch run: every waiting citizen assigned at once, optimally, in one transaction.

Candidate pairs come from the instant engine (`suggest_activities`, every hard rule
applied, declined pairs excluded); `matching.engine.assignment` picks the best set of
pairs under the seat and companion limits; the proposals are written together.
"""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from meetingplaces.geo import APPROXIMATION_MARGIN, approximate_km, distance_km
from meetingplaces.models import Activity, Volunteer
from meetingplaces.vocabulary import activity_slots

from . import engine, events
from .engine import assignment
from .models import Citizen, Match, MatchStatusChange
from .selectors import companions_of_organisations, suggest_activities

# How many of each citizen's best activities the optimiser may choose from. More gives the
# optimiser more room to route around full activities; ten is plenty for a municipality.
CANDIDATES_PER_CITIZEN = 10


@dataclass
class Plan:
    """What a batch run would propose, and how it got there."""

    waiting: int = 0
    candidates: int = 0
    assignments: tuple[assignment.Assignment, ...] = ()
    greedy_matched: int = 0
    seconds: float = 0.0
    # (citizen id, activity id) -> the engine's suggestion, for scores and reasons.
    suggestions: dict = field(default_factory=dict)
    citizens: dict = field(default_factory=dict)
    companion_km: dict = field(default_factory=dict)

    @property
    def matched(self) -> int:
        return len(self.assignments)

    @property
    def score(self) -> float:
        return sum(a.score for a in self.assignments)

    @property
    def with_companion(self) -> int:
        return sum(1 for a in self.assignments if a.companion is not None)


def waiting_citizens() -> Iterable[Citizen]:
    """Citizens waiting for a proposal: status waiting, consent on record, no open match."""
    open_match = Match.objects.open().filter(citizen=OuterRef("pk"))
    return (
        Citizen.objects.filter(
            status=Citizen.Status.WAITING,
            anonymised_at__isnull=True,
            consent_withdrawn_at__isnull=True,
        )
        .exclude(Exists(open_match))
        .order_by("waiting_since", "pk")
    )


def _seats_for_proposals(activity_ids) -> dict[int, assignment.Opening]:
    """Free seats not yet promised: capacity minus participants minus every open match.

    Open proposals count here although they hold no seat yet: a run must not propose more
    citizens than the activity could then accept.
    """
    activities = Activity.objects.filter(pk__in=activity_ids).annotate(
        promised=Count("matches", filter=Q(matches__status__in=Match.OPEN))
    )
    return {
        a.pk: assignment.Opening(
            id=a.pk,
            seats=None if a.capacity is None else max(0, a.capacity - a.participants - a.promised),
            slots=activity_slots(a.weekday, a.start_time, a.end_time),
            organisation=a.organisation_id,
        )
        for a in activities
    }


def _companion_distances(citizens, companions: list[engine.CompanionFacts]) -> dict:
    """(citizen id, volunteer id) -> km for the pairs that may be within the companion
    radius (the rule itself is asked in the optimiser, per activity)."""
    reach = engine.COMPANION_RADIUS_KM * (1 + APPROXIMATION_MARGIN)
    found = {}
    for citizen in citizens:
        home = (citizen.latitude, citizen.longitude)
        for companion in companions:
            if approximate_km(*home, companion.latitude, companion.longitude) <= reach:
                km = distance_km(home, (companion.latitude, companion.longitude))
                if km <= engine.COMPANION_RADIUS_KM:
                    found[citizen.pk, companion.id] = km
    return found


def plan(
    *,
    citizens: Iterable[Citizen] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Work out the optimal proposals for these (default: all waiting) citizens."""
    started = time.perf_counter()
    citizens = list(waiting_citizens() if citizens is None else citizens)
    result = Plan(waiting=len(citizens), citizens={c.pk: c for c in citizens})
    now = timezone.now()
    edges, seekers = [], []
    for done, citizen in enumerate(citizens, start=1):
        since = citizen.waiting_since or citizen.created_at or now
        seekers.append(
            assignment.Seeker(
                id=citizen.pk,
                waited=(now - since).total_seconds(),
                needs_companion=citizen.companion_needed,
            )
        )
        for suggestion in suggest_activities(citizen, limit=CANDIDATES_PER_CITIZEN):
            result.suggestions[citizen.pk, suggestion.activity_id] = suggestion
        if progress:
            progress(done, len(citizens))
    openings = _seats_for_proposals({a for _c, a in result.suggestions})
    included = set(
        Activity.objects.filter(pk__in=openings, companion_available=True).values_list(
            "pk", flat=True
        )
    )
    for (citizen_id, activity_id), suggestion in result.suggestions.items():
        edges.append(
            assignment.Edge(
                citizen_id,
                activity_id,
                suggestion.score,
                companion_included=activity_id in included,
            )
        )
    result.candidates = len(edges)

    needing = [c for c in citizens if c.companion_needed]
    companions = (
        companions_of_organisations({o.organisation for o in openings.values()}) if needing else []
    )
    result.companion_km = _companion_distances(needing, companions)
    problem = assignment.Problem(
        seekers=seekers,
        openings=list(openings.values()),
        edges=edges,
        companions=[
            assignment.Companion(
                id=c.id,
                places=c.places,
                availability=c.availability,
                organisation=c.organisation_id,
            )
            for c in companions
        ],
        companion_km=result.companion_km,
    )
    result.assignments = assignment.solve(problem).assignments
    result.greedy_matched = assignment.greedy(problem).matched
    result.seconds = time.perf_counter() - started
    return result


def _reasons(plan: Plan, chosen: assignment.Assignment) -> list[dict]:
    reasons = [r.as_dict() for r in plan.suggestions[chosen.citizen, chosen.activity].reasons]
    if chosen.companion is not None:
        volunteer = Volunteer.objects.only("first_name").get(pk=chosen.companion)
        reason = engine.companion_volunteer_reason(
            volunteer_id=chosen.companion,
            name=volunteer.first_name,
            km=plan.companion_km[chosen.citizen, chosen.companion],
        )
        reasons.append(reason.as_dict())
    return reasons


def write_proposals(plan: Plan) -> list[Match]:
    """Write every proposal of the plan, with its history row, in one transaction."""
    if not plan.assignments:
        return []
    coordinators = dict(
        Activity.objects.filter(pk__in={a.activity for a in plan.assignments}).values_list(
            "pk", "coordinator_id"
        )
    )
    organisations = dict(
        Activity.objects.filter(pk__in=coordinators).values_list("pk", "organisation_id")
    )
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
                organisation_id=organisations[chosen.activity],
                coordinator_id=coordinators[chosen.activity],
                companion_id=chosen.companion,
                score=chosen.score,
                reasons=_reasons(plan, chosen),
            )
            for chosen in plan.assignments
            if chosen.citizen not in busy
        )
        MatchStatusChange.objects.bulk_create(
            MatchStatusChange(match=match, from_status="", to_status=Match.Status.PROPOSED)
            for match in matches
        )
        Citizen.objects.filter(pk__in=[m.citizen_id for m in matches]).update(
            status=Citizen.Status.PROPOSED, updated_at=timezone.now()
        )
        for match in matches:
            match.citizen = plan.citizens[match.citizen_id]
            events.match_changed(match)
    return matches


def run(*, dry_run: bool = False, progress=None) -> Plan:
    """One batch run: plan, and unless `dry_run`, write the proposals."""
    result = plan(progress=progress)
    if not dry_run:
        write_proposals(result)
    return result
