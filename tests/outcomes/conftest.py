"""A small municipality whose figures are worked out by hand in the tests.

Team Nord flagged seven citizens 100 days ago (a1..a7), team Syd three (b1 100 days ago,
b2 60 days ago, b3 10 days ago). Staff told a1..a5 and b1 about an activity (games at
Mødestedet); a batch run proposed one to a6. a1..a5 were accepted after 1..5 days, a6 and
b1 declined after 6 and 7 days. First visits 10, 20, 30, 40 and 50 days after flagging
(a1..a5); a1..a3 take part; a1 ended. Scores: see SCORES.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from matching.models import Citizen, Match, MatchStatusChange, Screening
from meetingplaces.models import Membership
from outcomes.models import SuggestionShown
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    MunicipalityFactory,
    OrganisationFactory,
    StaffFactory,
    TeamFactory,
    UserFactory,
)

S = Match.Status
# (baseline, week 8, week 12) totals; None: not measured.
SCORES = {
    "a1": (9, 6, 7),
    "a2": (8, 6, 6),
    "a3": (7, 6, 6),
    "a4": (6, 6, 7),
    "a5": (8, 7, 8),
    "a6": (7, 6, None),
    "a7": (8, None, None),
    "b1": (9, None, None),
    "b2": (6, None, None),
    "b3": (5, None, None),
}
FLAGGED_DAYS_AGO = {"b2": 60, "b3": 10}


@dataclass
class SmallWorld:
    municipality: object
    nord: object
    syd: object
    organisation: object
    activity: object
    admin: object
    staff: object
    coordinator: object
    citizens: dict


def _items(total: int) -> dict:
    """Three items (1-3 each) adding up to total."""
    first = min(3, total - 2)
    second = min(3, total - first - 1)
    return {
        "lacks_companionship": first,
        "feels_left_out": second,
        "feels_isolated": total - first - second,
    }


def _history(match, steps, start, by):
    """Write the match's history: (from, to, days after start, happened days after start)."""
    for from_status, to_status, days in steps:
        change = MatchStatusChange.objects.create(
            match=match,
            from_status=from_status,
            to_status=to_status,
            changed_by=by,
            # The local date, as the reports count days (in UTC it is a day earlier
            # between midnight and one in Copenhagen).
            happened_on=timezone.localdate(start + timedelta(days=days)),
        )
        MatchStatusChange.objects.filter(pk=change.pk).update(
            changed_at=start + timedelta(days=days)
        )


@pytest.fixture
def small_world(db) -> SmallWorld:
    now = timezone.now()
    municipality = MunicipalityFactory()
    nord = TeamFactory(municipality=municipality, name="Nord")
    syd = TeamFactory(municipality=municipality, name="Syd")
    organisation = OrganisationFactory(municipality=municipality, name="Ældre Sagen")
    activity = ActivityFactory(
        municipality=municipality, organisation=organisation, category="games"
    )
    admin = UserFactory(username="kommune")
    Membership.objects.create(user=admin, role="admin", municipality=municipality)
    staff = StaffFactory(team=nord)
    coordinator = UserFactory(username="koordinator")
    Membership.objects.create(
        user=coordinator, role="coordinator", municipality=municipality, organisation=organisation
    )
    citizens = {}
    for name, (baseline, week_8, week_12) in SCORES.items():
        flagged = now - timedelta(days=FLAGGED_DAYS_AGO.get(name, 100))
        citizen = CitizenFactory(
            team=nord if name.startswith("a") else syd,
            care_reference=name.upper(),
            interests=0b10,
            max_distance_km=5,
            status=Citizen.Status.WAITING,
        )
        Citizen.objects.filter(pk=citizen.pk).update(created_at=flagged)
        for kind, total, weeks in (
            (Screening.Kind.BASELINE, baseline, 0),
            (Screening.Kind.WEEK_8, week_8, 8),
            (Screening.Kind.WEEK_12, week_12, 12),
        ):
            if total is not None:
                Screening.objects.create(
                    citizen=citizen,
                    kind=kind,
                    taken_on=(flagged + timedelta(weeks=weeks)).date(),
                    **_items(total),
                )
        citizens[name] = (citizen, flagged)

    for name in ("a1", "a2", "a3", "a4", "a5", "b1", "b2"):
        SuggestionShown.objects.create(citizen=citizens[name][0], shown_at=now, suggestions=3)
    for index, name in enumerate(["a1", "a2", "a3", "a4", "a5", "a6", "b1"], start=1):
        citizen, flagged = citizens[name]
        told_by = None if name == "a6" else staff
        match = Match.objects.create(
            citizen=citizen, activity=activity, organisation=organisation, score=1.0
        )
        proposed_at = flagged + timedelta(days=1)
        Match.objects.filter(pk=match.pk).update(created_at=proposed_at)
        steps = [("", S.PROPOSED, 1)]
        if name in ("a6", "b1"):
            steps.append((S.PROPOSED, S.DECLINED, 1 + index))
            reason = (
                "Der er ingen ledig plads" if name == "a6" else "Borgeren ønsker ikke alligevel"
            )
            Match.objects.filter(pk=match.pk).update(status=S.DECLINED, decline_reason=reason)
        else:
            steps.append((S.PROPOSED, S.ACCEPTED, 1 + index))
            steps.append((S.ACCEPTED, S.CONTACTED, 8))
            steps.append((S.CONTACTED, S.FIRST_VISIT, 10 * index))
            status = S.FIRST_VISIT
            if index <= 3:
                steps.append((S.FIRST_VISIT, S.PARTICIPATING, 10 * index + 7))
                status = S.PARTICIPATING
            if index == 1:
                steps.append((S.PARTICIPATING, S.ENDED, 90))
                status = S.ENDED
            Match.objects.filter(pk=match.pk).update(status=status)
            Citizen.objects.filter(pk=citizen.pk).update(status=status)
        _history(match, steps, flagged, told_by if told_by else coordinator)
        if name == "a6":
            # A batch proposal has no person on its first history row.
            MatchStatusChange.objects.filter(match=match, from_status="").update(changed_by=None)
    return SmallWorld(
        municipality,
        nord,
        syd,
        organisation,
        activity,
        admin,
        staff,
        coordinator,
        {name: pair[0] for name, pair in citizens.items()},
    )
