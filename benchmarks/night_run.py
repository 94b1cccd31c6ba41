"""The night run of one municipality through the real command, on a real database.

Builds a throw-away database (a SQLite file in a temporary directory, or with
`--database-url` an empty PostgreSQL database, as production runs it) with one fictional
municipality around Nykøbing Falster: 1,000 waiting citizens, 5,000 activities at 1,000
meeting places and 500 volunteers (two in three can go along), plus a neighbour
municipality whose activities must never be proposed across the boundary. Then times
`manage.py match --municipality 9999` twice: the second run must propose nothing.
Prints its figures as one JSON object on the last line.

    .venv/bin/python benchmarks/night_run.py [--citizens 1000 --activities 5000
        --volunteers 500 --seed 1]
"""

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from datetime import time as clock
from datetime import timedelta
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CENTRE = (54.77, 11.87)  # Nykøbing Falster


def setup_django(directory: str, database_url: str = "") -> None:
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{directory}/night.sqlite3"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-0123456789abcdefghij")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(rng: random.Random, *, citizens: int, activities: int, volunteers: int) -> None:
    from django.utils import timezone

    from matching.models import Citizen
    from meetingplaces.models import (
        Activity,
        MeetingPlace,
        Municipality,
        Organisation,
        Team,
        Volunteer,
    )

    home = Municipality.objects.create(code="9999", name="Benchmark", slug="benchmark")
    neighbour = Municipality.objects.create(code="9998", name="Naboen", slug="naboen")
    team = Team.objects.create(municipality=home, name="Hjemmeplejen")
    organisations = [
        Organisation.objects.create(municipality=home, name=f"Forening {i}", kind="association")
        for i in range(20)
    ]
    foreign = Organisation.objects.create(
        municipality=neighbour, name="Naboforeningen", kind="association"
    )

    def near(km: float) -> tuple[float, float]:
        return (
            CENTRE[0] + rng.gauss(0, km) / 111.0,
            CENTRE[1] + rng.gauss(0, km) / 64.0,
        )

    places = []
    for i in range(max(1, activities // 5)):
        latitude, longitude = near(8)
        places.append(
            MeetingPlace(
                municipality=home,
                name=f"Mødested {i}",
                street="Vejen 1",
                postcode="4800",
                town="Nykøbing F",
                latitude=latitude,
                longitude=longitude,
                step_free=rng.random() < 0.7,
            )
        )
    places = MeetingPlace.objects.bulk_create(places, batch_size=2000)
    rows = []
    for i in range(activities):
        start = rng.choice([9, 10, 13, 14, 19])
        capacity = rng.choice([None, 1, 2, 4, 8, 12])
        # A few activities of the neighbour's organisation at the same places: never
        # proposed here, as that organisation does not serve this municipality.
        organisation = foreign if i % 50 == 0 else rng.choice(organisations)
        rows.append(
            Activity(
                municipality=home,
                meeting_place=places[i % len(places)],
                organisation=organisation,
                title=f"Aktivitet {i}",
                category="community",
                interests=rng.getrandbits(22) & rng.getrandbits(22),
                weekday=rng.randrange(7),
                start_time=clock(start),
                end_time=clock(start + 2),
                capacity=capacity,
                participants=0 if capacity is None else rng.randint(0, capacity - 1),
                audience=rng.choices(["all", "men", "women", "relatives"], [85, 5, 5, 5])[0],
                companion_available=rng.random() < 0.1,
            )
        )
    Activity.objects.bulk_create(rows, batch_size=2000)
    Volunteer.objects.bulk_create(
        (
            Volunteer(
                municipality=home,
                organisation=rng.choice(organisations),
                first_name=f"Frivillig {i}",
                postcode="4800",
                latitude=near(8)[0],
                longitude=near(8)[1],
                availability=rng.getrandbits(21) | rng.getrandbits(21),
                can_accompany=rng.random() < 0.67,
                is_approved=True,
                max_citizens=rng.choice([1, 1, 2, 3]),
            )
            for i in range(volunteers)
        ),
        batch_size=2000,
    )
    now = timezone.now()
    Citizen.objects.bulk_create(
        (
            Citizen(
                municipality=home,
                team=team,
                care_reference=f"N-{i}",
                first_name="Borger",
                postcode="4800",
                latitude=round(near(8)[0], 3),
                longitude=round(near(8)[1], 3),
                gender=rng.choice(["", "woman", "man"]),
                mobility=rng.choice(["walks_alone", "walks_alone", "walker", "wheelchair"]),
                max_distance_km=rng.choice([1, 2, 3, 5, 8]),
                interests=rng.getrandbits(22) & rng.getrandbits(22),
                preferred_slots=rng.getrandbits(21) | rng.getrandbits(21),
                companion_needed=rng.random() < 0.3,
                waiting_since=now - timedelta(days=rng.randrange(120)),
                consent_given_at=now,
                consent_method="verbal",
            )
            for i in range(citizens)
        ),
        batch_size=2000,
    )


def timed_run() -> tuple[float, float, str]:
    from django.core.management import call_command

    out = StringIO()
    started, cpu_started = time.perf_counter(), time.process_time()
    call_command("match", municipality="9999", stdout=out)
    return time.perf_counter() - started, time.process_time() - cpu_started, out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=1000)
    parser.add_argument("--activities", type=int, default=5000)
    parser.add_argument("--volunteers", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        default="",
        help="e.g. postgres://postgres@127.0.0.1:5432/samvaer_night: an empty database to fill "
        "(production's layout); default a SQLite file in a temporary directory",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        setup_django(directory, args.database_url)
        build(
            random.Random(args.seed),
            citizens=args.citizens,
            activities=args.activities,
            volunteers=args.volunteers,
        )
        from django.db.models import Count

        from matching.models import Citizen, Match

        first_seconds, first_cpu, first = timed_run()
        proposed = Match.objects.count()
        second_seconds, _second_cpu, second = timed_run()
        print(first, second, sep="\n")
        across = Match.objects.exclude(organisation__municipality__code="9999").count()
        reasons = dict(
            Citizen.objects.filter(status="waiting")
            .exclude(waiting_reason="")
            .values_list("waiting_reason")
            .annotate(n=Count("pk"))
        )
        figures = {
            "database": "PostgreSQL"
            if args.database_url
            else "SQLite file in a temporary directory",
            "citizens": args.citizens,
            "activities": args.activities,
            "volunteers": args.volunteers,
            "seconds": round(first_seconds, 2),
            "cpu_seconds": round(first_cpu, 2),
            "proposed": proposed,
            "with_companion": Match.objects.exclude(companion=None).count(),
            "left_waiting": reasons,
            "rerun_seconds": round(second_seconds, 2),
            "rerun_proposed": Match.objects.count() - proposed,
            "proposed_across_the_boundary": across,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
