"""A year of history for the demo's citizens, so that the outcome pages have figures.

The demo citizens are spread over the last year: flagged, shown suggestions, proposed to an
activity near them, answered by the coordinator (some declined, with a reason), first
visits, taking part, some ended; follow-up screenings at 8 and 12 weeks (some improved,
some not, a few overdue). Citizens the demo already proposed today are left as they are,
for the coordinators' inbox. Written once: a second run finds the history and adds nothing.
"""

import random
from datetime import timedelta

import numpy as np
from django.db.models import Count, Q
from django.utils import timezone

from matching.models import Citizen, Match, MatchStatusChange, Screening
from meetingplaces.demo import DemoMunicipality
from meetingplaces.geo import distance_matrix_km
from meetingplaces.models import Activity, Volunteer

from .models import SuggestionShown

S = Match.Status
ITEMS = ("lacks_companionship", "feels_left_out", "feels_isolated")
DECLINE_REASONS = (
    "Der er ikke flere ledige pladser lige nu",
    "For langt væk, og borgeren har ingen transport",
    "Tidspunktet passer ikke borgeren",
    "Borgeren ønsker ikke at deltage alligevel",
    "Borgeren er indlagt",
)


def load_history(demo: DemoMunicipality) -> None:
    citizens = list(
        Citizen.objects.filter(
            municipality=demo.municipality, care_reference__startswith="DEMO-"
        ).order_by("care_reference")
    )
    if SuggestionShown.objects.filter(citizen__in=citizens).exists():
        return
    now = timezone.now()
    activities = list(
        Activity.objects.filter(municipality=demo.municipality, is_active=True)
        .annotate(taken=Count("matches", filter=Q(matches__status__in=Match.SEAT_HOLDING)))
        .select_related("meeting_place")
        .order_by("pk")
    )
    points = np.array([(a.meeting_place.latitude, a.meeting_place.longitude) for a in activities])
    seats = {
        a.pk: None if a.capacity is None else a.capacity - a.participants - a.taken
        for a in activities
    }
    companions = list(
        Volunteer.objects.filter(
            municipality=demo.municipality, is_approved=True, can_accompany=True
        )
    )
    for index, citizen in enumerate(citizens):
        rng = random.Random(1500 + index)
        flagged = now - timedelta(days=8 + index * 12, hours=rng.randint(0, 6))
        _backdate(citizen, flagged)
        if rng.random() < 0.9:
            SuggestionShown.objects.create(
                citizen=citizen, shown_at=flagged, suggestions=rng.randint(2, 5)
            )
        taking_part = False
        if not citizen.matches.exists() and (now - flagged).days >= 14 and rng.random() < 0.85:
            home = [(citizen.latitude, citizen.longitude)]
            distances = distance_matrix_km(home, points[:, 0], points[:, 1])[0]
            for order in np.argsort(distances):
                activity = activities[int(order)]
                if seats[activity.pk] is None or seats[activity.pk] > 0:
                    break
            taking_part = _match_history(
                demo, citizen, activity, flagged, now, rng, companions, seats
            )
        _follow_ups(demo, citizen, flagged, now, rng, taking_part)


def _backdate(citizen: Citizen, flagged) -> None:
    fields = {"created_at": flagged, "consent_given_at": flagged}
    if citizen.status == Citizen.Status.WAITING:
        fields["waiting_since"] = flagged
    Citizen.objects.filter(pk=citizen.pk).update(**fields)
    citizen.screenings.filter(kind=Screening.Kind.BASELINE).update(taken_on=flagged.date())
    citizen.screenings.exclude(kind=Screening.Kind.BASELINE).delete()


def _match_history(demo, citizen, activity, flagged, now, rng, companions, seats) -> bool:
    """A proposal and what became of it, dated in the past. True if the citizen takes part."""
    staff = demo.staff_users[citizen.team.name]
    proposed = flagged + timedelta(days=rng.randint(0, 3))
    answered = proposed + timedelta(days=rng.randint(1, 6), hours=rng.randint(1, 8))
    match = Match.objects.create(
        citizen=citizen,
        activity=activity,
        organisation_id=activity.organisation_id,
        coordinator_id=activity.coordinator_id,
        score=round(rng.uniform(0.4, 0.95), 2),
        reasons=[],
    )
    told = rng.random() < 0.7
    steps = [("", S.PROPOSED, proposed, staff if told else None, "")]
    if rng.random() < 0.2 or answered > now:
        if answered <= now:
            reason = rng.choice(DECLINE_REASONS)
            steps.append((S.PROPOSED, S.DECLINED, answered, activity.coordinator, reason))
            match.decline_reason = reason
    else:
        steps.append((S.PROPOSED, S.ACCEPTED, answered, activity.coordinator, ""))
        seats[activity.pk] = None if seats[activity.pk] is None else seats[activity.pk] - 1
        if citizen.companion_needed and companions:
            match.companion = rng.choice(
                [v for v in companions if v.organisation_id == activity.organisation_id] or [None]
            )
        at = answered
        for step, days, chance in (
            (S.CONTACTED, (1, 4), 1.0),
            (S.FIRST_VISIT, (5, 25), 0.9),
            (S.PARTICIPATING, (7, 21), 0.8),
            (S.ENDED, (40, 120), 0.25),
        ):
            at = at + timedelta(days=rng.randint(*days))
            if at > now or rng.random() > chance:
                break
            steps.append((steps[-1][1], step, at, activity.coordinator, ""))
    status = steps[-1][1]
    match.status = status
    match.save()
    Match.objects.filter(pk=match.pk).update(created_at=proposed, status_changed_at=steps[-1][2])
    for from_status, to_status, at, by, note in steps:
        change = MatchStatusChange.objects.create(
            match=match,
            from_status=from_status,
            to_status=to_status,
            changed_by=by,
            happened_on=at.date(),
            note=note,
        )
        MatchStatusChange.objects.filter(pk=change.pk).update(changed_at=at)
    citizen_status = {
        S.PROPOSED: Citizen.Status.PROPOSED,
        S.DECLINED: Citizen.Status.WAITING,
        S.ACCEPTED: Citizen.Status.ACCEPTED,
        S.CONTACTED: Citizen.Status.ACCEPTED,
        S.FIRST_VISIT: Citizen.Status.FIRST_VISIT,
        S.PARTICIPATING: Citizen.Status.PARTICIPATING,
        S.ENDED: Citizen.Status.ENDED,
    }[status]
    Citizen.objects.filter(pk=citizen.pk).update(status=citizen_status)
    return status in (S.FIRST_VISIT, S.PARTICIPATING, S.ENDED)


def _follow_ups(demo, citizen, flagged, now, rng, taking_part) -> None:
    baseline = citizen.screenings.filter(kind=Screening.Kind.BASELINE).first()
    if baseline is None:
        return
    staff = demo.staff_users[citizen.team.name]
    total = baseline.total
    for kind, weeks, chance in (
        (Screening.Kind.WEEK_8, 8, 0.85),
        (Screening.Kind.WEEK_12, 12, 0.75),
    ):
        taken_on = flagged.date() + timedelta(weeks=weeks, days=rng.randint(0, 6))
        change = rng.choice([-3, -2, -1, -1, 0, 0, 1] if taking_part else [-1, 0, 0, 0, 1])
        if taken_on > now.date() or rng.random() > chance:
            continue
        total = max(3, min(9, total + change if weeks == 8 else total + min(change, 0)))
        Screening.objects.create(
            citizen=citizen, kind=kind, taken_on=taken_on, recorded_by=staff, **_items(total)
        )


def _items(total: int) -> dict:
    first = min(3, total - 2)
    second = min(3, total - first - 1)
    return dict(zip(ITEMS, (first, second, total - first - second), strict=True))
