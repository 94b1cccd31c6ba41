"""Writing a batch run: every proposal with its history row, and every left-over's reason,
in one transaction; and the runs themselves (one municipality, or the night's)."""

from django.db import transaction
from django.utils import timezone

from meetingplaces.models import Activity, Municipality, Volunteer
from meetingplaces.municipalities import find_municipality
from notifications import services as notify

from .. import engine, events
from ..engine import assignment
from ..models import Citizen, Match, MatchStatusChange
from .planning import Plan, plan


def proposal_reasons(plan: Plan, chosen: assignment.Assignment, volunteers: dict) -> list[dict]:
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
                reasons=proposal_reasons(plan, chosen, volunteers),
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
