"""The demo's fictional citizens, flagged by the three home-care teams of the demo."""

from datetime import timedelta

from django.utils import timezone

from matching.models import Citizen, Screening
from meetingplaces.demo import DemoMunicipality, near, random_interests, random_slots
from meetingplaces.demo_data import FIRST_NAMES, LAST_NAMES, TEAMS
from meetingplaces.geo import round_location

ITEMS = ("lacks_companionship", "feels_left_out", "feels_isolated")

MOBILITIES = [
    Citizen.Mobility.WALKS_ALONE,
    Citizen.Mobility.WALKS_ALONE,
    Citizen.Mobility.WALKER,
    Citizen.Mobility.WALKER,
    Citizen.Mobility.WHEELCHAIR,
    Citizen.Mobility.HOUSEBOUND,
]


def load_citizens(demo: DemoMunicipality) -> None:
    """About 30 citizens with a baseline screening (and an 8-week one when it is due)."""
    rng, today = demo.rng, demo.today
    for i in range(30):
        team_name = list(TEAMS)[i % 3]
        postcode = TEAMS[team_name][i % len(TEAMS[team_name])]
        latitude, longitude = round_location(*near(rng, postcode, 1.5))
        flagged_at = timezone.now() - timedelta(days=3 + i * 4)
        staff = demo.staff_users[team_name]
        name = FIRST_NAMES[(i * 11) % len(FIRST_NAMES)]
        citizen, created = Citizen.objects.get_or_create(
            municipality=demo.municipality,
            care_reference=f"DEMO-{i + 1:04d}",
            defaults={
                "team": demo.teams[team_name],
                "first_name": name if i % 4 else f"{name[0]}. {LAST_NAMES[i % 15][0]}.",
                "postcode": postcode,
                "latitude": latitude,
                "longitude": longitude,
                "gender": ["woman", "man", "woman", ""][i % 4],
                "mobility": MOBILITIES[i % len(MOBILITIES)],
                "max_distance_km": [1, 2, 3, 5, 8, 10][i % 6],
                "interests": random_interests(rng, 2 + i % 3),
                "preferred_slots": random_slots(rng, 6),
                "companion_needed": i % 3 == 0,
                "language": "da",
                "status": Citizen.Status.WAITING,
                "waiting_since": flagged_at,
                "consent_given_at": flagged_at,
                "consent_method": Citizen.ConsentMethod.VERBAL
                if i % 2
                else Citizen.ConsentMethod.WRITTEN,
                "consent_recorded_by": staff,
                "flagged_by": staff,
                **demo_phone(i, flagged_at, staff),
            },
        )
        # Drawn every time, so that a rerun draws the same numbers for what follows.
        baseline = [rng.randint(2, 3), rng.randint(1, 3), rng.randint(2, 3)]
        week_8 = [rng.randint(1, 3), rng.randint(1, 2), rng.randint(1, 3)]
        if not created:
            continue
        Screening.objects.create(
            citizen=citizen,
            kind=Screening.Kind.BASELINE,
            taken_on=flagged_at.date(),
            recorded_by=staff,
            **dict(zip(ITEMS, baseline, strict=True)),
        )
        if flagged_at.date() <= today - timedelta(weeks=8):
            Screening.objects.create(
                citizen=citizen,
                kind=Screening.Kind.WEEK_8,
                taken_on=flagged_at.date() + timedelta(weeks=8),
                recorded_by=staff,
                **dict(zip(ITEMS, week_8, strict=True)),
            )
    propose_demo_matches(demo)


def propose_demo_matches(demo: DemoMunicipality) -> None:
    """A few citizens already told about their best suggestion, so that coordinators have
    proposals to answer. Made by the engine like on the home-care page; a rerun adds
    nothing (a citizen with a match is left alone)."""
    from matching.selectors import suggest_activities
    from matching.services import tell_citizen_about

    citizens = Citizen.objects.filter(
        municipality=demo.municipality,
        care_reference__in=[f"DEMO-{i:04d}" for i in (2, 7, 12, 17, 22, 27)],
    ).select_related("team", "flagged_by")
    for citizen in citizens.order_by("care_reference"):
        if citizen.matches.exists():
            continue
        suggestions = suggest_activities(citizen, limit=1)
        if suggestions:
            tell_citizen_about(
                citizen_id=citizen.pk,
                activity_id=suggestions[0].activity_id,
                by=citizen.flagged_by,
                view="demo",
            )


def demo_phone(i: int, consent_at, staff) -> dict:
    """Whom the coordinator may call: a third of the citizens themselves, a third a relative,
    a third nobody yet (fictional numbers, not drawn: the random draws stay as they were)."""
    if i % 3 == 0:
        return {}
    holder = Citizen.PhoneHolder.CITIZEN if i % 3 == 1 else Citizen.PhoneHolder.RELATIVE
    return {
        "phone": f"{20 if holder == Citizen.PhoneHolder.CITIZEN else 30} 45 {10 + i:02d} 00",
        "phone_holder": holder,
        "relative_name": "" if holder == Citizen.PhoneHolder.CITIZEN else "Søren (søn)",
        "phone_consent_at": consent_at,
        "phone_recorded_by": staff,
    }
