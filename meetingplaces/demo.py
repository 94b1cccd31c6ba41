"""A realistic, fictional demo of Guldborgsund Kommune for trying every role.

Real towns and postcodes; invented meeting places, people and citizens. Everything is
keyed on natural keys and drawn from a seeded random generator, so loading twice gives
the same rows and adds nothing.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from meetingplaces.geo import round_location
from meetingplaces.geocoding import postcode_index
from meetingplaces.models import (
    Activity,
    ActivityException,
    MeetingPlace,
    Membership,
    Municipality,
    Organisation,
    Team,
    Volunteer,
)
from meetingplaces.municipalities import load_municipalities
from meetingplaces.vocabulary import INTEREST_SLUGS, interests_to_mask, slots_to_mask

from .demo_data import (
    ACTIVITY_KINDS,
    FIRST_NAMES,
    LAST_NAMES,
    MEETING_PLACES,
    ORGANISATIONS,
    START_TIMES,
    TEAMS,
)

DEMO_PASSWORD = "samvaer-demo"
DEMO_MUNICIPALITY_CODE = "0376"


def near(rng: random.Random, postcode: str, spread_km: float) -> tuple[float, float]:
    """A point within about spread_km of a postcode's town."""
    town = postcode_index().by_code[postcode]
    return (
        town.latitude + rng.uniform(-1, 1) * spread_km / 111.0,
        town.longitude + rng.uniform(-1, 1) * spread_km / 64.0,
    )


def random_slots(rng: random.Random, count: int) -> int:
    slots = {(rng.randrange(7), rng.choice([0, 0, 1, 1, 2])) for _ in range(count)}
    return slots_to_mask(slots)


def random_interests(rng: random.Random, count: int) -> int:
    return interests_to_mask(rng.sample(INTEREST_SLUGS, count))


def _user(username: str, first_name: str, last_name: str, **flags):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, **flags},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if not user.email:
        # Messages to the demo users show on the console under `make run`.
        user.email = f"{username}@samvaer.example.dk"
        user.save(update_fields=["email"])
    return user


@dataclass
class DemoMunicipality:
    """What the other apps' demo loaders build on."""

    municipality: Municipality
    teams: dict[str, Team]
    staff_users: dict
    rng: random.Random
    today: date


def demo_loaded() -> bool:
    """Whether the demo's places are there already (the municipality itself is reference
    data, there from the start)."""
    return Organisation.objects.filter(
        municipality__code=DEMO_MUNICIPALITY_CODE, name=ORGANISATIONS[0][0]
    ).exists()


def show_schedules_and_freshness(municipality, *, today: date) -> None:
    """A few activities beyond weekly (every other week, the first of the month, a summer
    break) and a few their owners have not confirmed for long (asked, marked, hidden)."""
    from meetingplaces.schedules import WEEKDAY_CODES

    activities = list(Activity.objects.filter(municipality=municipality).order_by("pk")[:12])
    if len(activities) < 12 or any(a.recurrence for a in activities):
        return  # a rerun keeps what the first run set
    every_other, monthly, summer, due, unconfirmed, hidden = activities[1:12:2]
    code = WEEKDAY_CODES[every_other.weekday]
    every_other.recurrence = f"RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY={code}"
    every_other.starts_on = every_other.next_dates(after=today, count=1)[0]
    monthly.recurrence = f"RRULE:FREQ=MONTHLY;BYDAY=1{WEEKDAY_CODES[monthly.weekday]}"
    for activity in (every_other, monthly):
        activity.save(update_fields=["recurrence", "starts_on"])
    july = date(today.year + (today.month > 7), 7, 1)
    ActivityException.objects.get_or_create(
        activity=summer,
        date=july,
        defaults={"last_date": date(july.year, 8, 15), "reason": "Sommerferie"},
    )
    for activity, weeks in ((due, 27), (unconfirmed, 32), (hidden, 40)):
        activity.last_verified_on = today - timedelta(weeks=weeks)
        activity.save(update_fields=["last_verified_on"])


def load_places(*, today: date | None = None) -> DemoMunicipality:
    """Create (or leave as it is) the municipality, its people, places and activities."""
    today = today or timezone.localdate()
    rng = random.Random(376)

    # The demo is the real Guldborgsund, one of the 98 municipalities of the reference data.
    load_municipalities()
    municipality = Municipality.objects.get(code=DEMO_MUNICIPALITY_CODE)
    organisations = [
        Organisation.objects.get_or_create(
            municipality=municipality,
            name=name,
            defaults={"kind": kind, "phone": phone, "email": f"kontakt{i}@guldborgsund.example.dk"},
        )[0]
        for i, (name, kind, phone) in enumerate(ORGANISATIONS)
    ]
    teams = {
        name: Team.objects.get_or_create(municipality=municipality, name=name)[0] for name in TEAMS
    }

    # Demo users for every role.
    admin = _user("admin", "Alma", "Administrator", is_staff=True, is_superuser=True)
    Membership.objects.get_or_create(user=admin, role="admin", municipality=municipality)
    kommune = _user("kommune", "Karin", "Kommunesen")
    Membership.objects.get_or_create(user=kommune, role="admin", municipality=municipality)
    staff_users = {}
    for team_name, username in zip(
        TEAMS, ["hjemmepleje-nord", "hjemmepleje-syd", "hjemmepleje-vest"], strict=True
    ):
        user = _user(username, "Sanne" if "nord" in username else "Susanne", team_name.split()[-1])
        Membership.objects.get_or_create(
            user=user, role="staff", municipality=municipality, team=teams[team_name]
        )
        staff_users[team_name] = user
    coordinators = []
    for org, username, first in zip(
        organisations[:4],
        [
            "koordinator-aeldresagen",
            "koordinator-roedekors",
            "koordinator-kommunen",
            "koordinator-frivilligcenter",
        ],
        ["Kirsten", "Rasmus", "Mette", "Frida"],
        strict=True,
    ):
        user = _user(username, first, "Koordinator")
        Membership.objects.get_or_create(
            user=user, role="coordinator", municipality=municipality, organisation=org
        )
        coordinators.append(user)
    coordinator_of = {org.pk: user for org, user in zip(organisations, coordinators, strict=False)}
    volunteer_user = _user("frivillig", "Hanne", "Frivillig")
    Membership.objects.get_or_create(
        user=volunteer_user,
        role="volunteer",
        municipality=municipality,
        organisation=organisations[0],
    )

    # Meeting places and their activities.
    places = []
    for name, street, postcode, host, step_free, description in MEETING_PLACES:
        town = postcode_index().by_code[postcode]
        latitude, longitude = near(rng, postcode, 0.6)
        place, _ = MeetingPlace.objects.get_or_create(
            municipality=municipality,
            name=name,
            defaults={
                "host": organisations[host],
                "description": description,
                "street": street,
                "postcode": postcode,
                "town": town.town,
                "latitude": latitude,
                "longitude": longitude,
                "step_free": step_free,
                "accessible_toilet": step_free,
                "parking": rng.random() < 0.7,
                "public_transport": f"Bus til {town.town}, stop ved {street.split()[0]}",
                "opening_hours": "Man-fre 9-16",
                "phone": f"54 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            },
        )
        places.append(place)

    for index, place in enumerate(places):
        kinds = rng.sample(ACTIVITY_KINDS, 5 if index % 3 else 4)
        for kind in kinds:
            weekday = rng.randrange(5 if kind.title != "Loppemarked og bytte" else 7)
            start = rng.choice(START_TIMES)
            end = (datetime.combine(today, start) + timedelta(hours=kind.hours)).time()
            organisation = place.host or organisations[0]
            capacity = kind.capacity
            activity, created = Activity.objects.get_or_create(
                meeting_place=place,
                title=kind.title,
                weekday=weekday,
                start_time=start,
                defaults={
                    "municipality": municipality,
                    "organisation": organisation,
                    "coordinator": coordinator_of.get(organisation.pk),
                    "description": kind.description,
                    "category": kind.category,
                    "interests": interests_to_mask(kind.interests),
                    "end_time": end,
                    "capacity": capacity,
                    "participants": rng.randint(0, capacity - 2) if capacity else 0,
                    "audience": kind.audience,
                    "price": kind.price,
                    "companion_available": rng.random() < 0.5,
                    "contact_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    "contact_phone": f"2{rng.randint(1000000, 9999999)}",
                },
            )
            cancel_one = rng.random() < 0.3  # drawn every time, so reruns draw alike
            if created and cancel_one:
                # One cancelled date in the coming weeks, as real programmes have.
                first = activity.next_dates(after=today, count=3)[-1]
                ActivityException.objects.get_or_create(
                    activity=activity, date=first, defaults={"reason": "Ferielukket"}
                )

    show_schedules_and_freshness(municipality, today=today)

    # Volunteers, spread over the towns.
    all_postcodes = [code for codes in TEAMS.values() for code in codes]
    for i in range(45):
        first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i * 7) % len(LAST_NAMES)]
        postcode = all_postcodes[i % len(all_postcodes)]
        latitude, longitude = round_location(*near(rng, postcode, 2.0))
        email = (
            f"{first.lower()}.{last.lower()}.{i}@frivillig.example.dk".replace("ø", "oe")
            .replace("å", "aa")
            .replace("æ", "ae")
        )
        Volunteer.objects.get_or_create(
            organisation=organisations[i % len(organisations)],
            email=email,
            defaults={
                "municipality": municipality,
                "first_name": first,
                "last_name": last,
                "phone": f"3{rng.randint(1000000, 9999999)}",
                "postcode": postcode,
                "latitude": latitude,
                "longitude": longitude,
                "availability": random_slots(rng, 5),
                "interests": random_interests(rng, 3),
                "languages": "da en" if i % 5 == 0 else "da",
                "can_accompany": i % 5 != 4,
                "has_car": i % 3 == 0,
                "max_citizens": 1 + i % 3,
                "is_approved": i % 9 != 8,
                "user": volunteer_user if i == 9 else None,
            },
        )

    return DemoMunicipality(municipality, teams, staff_users, rng, today)


DEMO_LOGINS = [
    ("admin", "Administrator (Django-admin og kommune)"),
    ("kommune", "Kommuneadministrator"),
    ("hjemmepleje-nord", "Hjemmepleje, team Nord"),
    ("hjemmepleje-syd", "Hjemmepleje, team Syd"),
    ("hjemmepleje-vest", "Hjemmepleje, team Vest"),
    ("koordinator-aeldresagen", "Koordinator, Ældre Sagen"),
    ("koordinator-roedekors", "Koordinator, Røde Kors"),
    ("koordinator-kommunen", "Koordinator, kommunens Åbne Mødesteder"),
    ("koordinator-frivilligcenter", "Koordinator, Frivilligcenter Guldborgsund"),
    ("frivillig", "Frivillig"),
]
