"""A generated municipality for the HSDS tests: 2,000 activities at 200 meeting places."""

import random
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from meetingplaces import vocabulary
from meetingplaces.models import (
    Activity,
    ActivityException,
    MeetingPlace,
    Municipality,
    Organisation,
)

GENERATED_ACTIVITIES = 2_000


@pytest.fixture
def client():
    return APIClient()


def generate_municipality(*, activities: int = GENERATED_ACTIVITIES, seed: int = 7) -> Municipality:
    """One municipality with 20 organisations, activities / 10 meeting places and
    `activities` activities, some with a start and end date, some with cancellations."""
    rng = random.Random(seed)
    municipality = Municipality.objects.create(code="0999", name="Prøvekommune", slug="proeve")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            municipality=municipality,
            name=f"Forening {i}",
            kind=rng.choice(Organisation.Kind.values),
            phone="" if i % 4 == 0 else f"5{i:07d}",
            email="" if i % 3 == 0 else f"forening{i}@example.dk",
            website="" if i % 2 else f"https://forening{i}.example.dk/",
        )
        for i in range(20)
    )
    places = MeetingPlace.objects.bulk_create(
        MeetingPlace(
            municipality=municipality,
            host=rng.choice([None, *organisations]),
            name=f"Mødested {i}",
            street=f"Vejen {i}",
            postcode=rng.choice(["4990", "4800", "4873", "4930"]),
            town="Byen",
            latitude=54.6 + rng.random() * 0.3,
            longitude=11.4 + rng.random() * 0.6,
            step_free=rng.random() < 0.6,
            accessible_toilet=rng.random() < 0.4,
            parking=rng.random() < 0.5,
            public_transport="" if i % 5 == 0 else "Bus 720",
            opening_hours="" if i % 7 == 0 else "Man-fre 9-16",
            phone="" if i % 2 else f"54{i:06d}",
        )
        for i in range(activities // 10)
    )
    today = date.today()
    rows = []
    for i in range(activities):
        start = time(rng.randrange(8, 19), rng.choice([0, 30]))
        starts_on = today - timedelta(days=rng.randrange(400)) if i % 4 == 0 else None
        rows.append(
            Activity(
                municipality=municipality,
                meeting_place=places[i % len(places)],
                organisation=rng.choice(organisations),
                title=f"Aktivitet {i}",
                description="" if i % 6 == 0 else "Kom og vær med.",
                category=rng.choice(vocabulary.Category.values),
                interests=rng.randrange(1 << len(vocabulary.INTERESTS)),
                weekday=rng.randrange(7),
                start_time=start,
                end_time=time(start.hour + 2, start.minute),
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=500) if starts_on and i % 8 == 0 else None,
                capacity=rng.choice([None, 10, 20]),
                audience=rng.choice(Activity.Audience.values),
                price=Decimal(rng.choice([0, 0, 20, 35])),
                companion_available=rng.random() < 0.5,
                contact_name="Privat Person",
                contact_phone="11223344",
                is_active=i % 50 != 49,
            )
        )
    created = Activity.objects.bulk_create(rows)
    ActivityException.objects.bulk_create(
        ActivityException(activity=activity, date=today + timedelta(days=7 * (1 + i % 4)))
        for i, activity in enumerate(created)
        if i % 9 == 0
    )
    return municipality


@pytest.fixture
def generated_municipality(db):
    return generate_municipality()
