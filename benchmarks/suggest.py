"""Instant suggestions for one citizen over 50,000 activities, against a plain loop.

Builds a throw-away SQLite database spread over Denmark's postcodes (fictional places,
activities, volunteers, citizens and matches), then times
- the plain loop (tests/matching/oracle.py): every activity (already loaded) checked and
  scored with geopy's geodesic;
- suggest_activities(citizen): the SQL bounding box and the engine's pruned ranking, the
  whole path a page takes (queries included).
Both must give the same suggestions. Prints its figures as one JSON object on the last line.

    .venv/bin/python benchmarks/suggest.py [--activities 50000] [--citizens 200] [--loop 3]
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(directory: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-0123456789abcdefghij")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(rng: random.Random, *, activities: int, citizens: int) -> list:
    from django.utils import timezone

    from matching.models import Citizen, Match
    from meetingplaces.geocoding import postcode_index
    from meetingplaces.models import (
        Activity,
        MeetingPlace,
        Municipality,
        Organisation,
        Team,
        Volunteer,
    )

    postcodes = list(postcode_index().by_code.values())
    municipality = Municipality.objects.create(code="9999", name="Benchmark", slug="benchmark")
    team = Team.objects.create(municipality=municipality, name="Hjemmeplejen")
    organisations = Organisation.objects.bulk_create(
        Organisation(municipality=municipality, name=f"Forening {i}", kind="association")
        for i in range(50)
    )

    def near(km: float) -> tuple[float, float, str]:
        place = rng.choice(postcodes)
        return (
            place.latitude + rng.uniform(-km, km) / 111.0,
            place.longitude + rng.uniform(-km, km) / 64.0,
            place.code,
        )

    places = []
    for i in range(max(1, activities // 5)):
        latitude, longitude, code = near(3)
        places.append(
            MeetingPlace(
                municipality=municipality,
                name=f"Mødested {i}",
                street="Vejen 1",
                postcode=code,
                town="By",
                latitude=latitude,
                longitude=longitude,
                step_free=rng.random() < 0.7,
            )
        )
    places = MeetingPlace.objects.bulk_create(places, batch_size=2000)
    rows = []
    for i in range(activities):
        start = rng.randint(9, 19)
        capacity = None if rng.random() < 0.3 else rng.randint(8, 30)
        rows.append(
            Activity(
                municipality=municipality,
                meeting_place=places[i % len(places)],
                organisation=rng.choice(organisations),
                title=f"Aktivitet {i}",
                category="community",
                interests=sum(1 << rng.randrange(22) for _ in range(rng.randint(1, 3))),
                weekday=rng.randrange(7),
                start_time=clock(start),
                end_time=clock(start + 2),
                capacity=capacity,
                participants=0 if capacity is None else rng.randint(0, capacity),
                audience=rng.choices(["all", "men", "women", "relatives"], [85, 5, 5, 5])[0],
                companion_available=rng.random() < 0.2,
            )
        )
    activity_rows = Activity.objects.bulk_create(rows, batch_size=2000)
    volunteers = []
    for i in range(3000):
        latitude, longitude, code = near(4)
        volunteers.append(
            Volunteer(
                municipality=municipality,
                organisation=rng.choice(organisations),
                first_name=f"Frivillig {i}",
                postcode=code,
                latitude=latitude,
                longitude=longitude,
                can_accompany=rng.random() < 0.6,
                is_approved=True,
                max_citizens=2,
            )
        )
    Volunteer.objects.bulk_create(volunteers, batch_size=2000)
    now = timezone.now()
    people = []
    for i in range(citizens + 2000):
        latitude, longitude, code = near(3)
        people.append(
            Citizen(
                municipality=municipality,
                team=team,
                care_reference=f"B-{i}",
                first_name="Borger",
                postcode=code,
                latitude=round(latitude, 3),
                longitude=round(longitude, 3),
                gender=rng.choice(["", "woman", "man"]),
                mobility=rng.choice(["walks_alone", "walks_alone", "walker", "wheelchair"]),
                max_distance_km=rng.choice([1, 2, 3, 5, 8, 10]),
                interests=sum(1 << rng.randrange(22) for _ in range(rng.randint(1, 4))),
                preferred_slots=sum(1 << rng.randrange(21) for _ in range(rng.randint(3, 9))),
                companion_needed=rng.random() < 0.33,
                waiting_since=now,
                consent_given_at=now,
                consent_method="verbal",
            )
        )
    people = Citizen.objects.bulk_create(people, batch_size=2000)
    # 2,000 citizens already hold seats or wait for an answer: seats and loads are real work.
    Match.objects.bulk_create(
        (
            Match(
                citizen=person,
                activity=activity,
                organisation_id=activity.organisation_id,
                score=1.0,
                status=rng.choice(["proposed", "accepted", "participating"]),
            )
            for person, activity in zip(
                people[citizens:], rng.sample(activity_rows, 2000), strict=True
            )
        ),
        batch_size=2000,
    )
    return people[:citizens]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=50_000)
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--loop", type=int, default=3, help="citizens timed with the plain loop")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        setup_django(directory)
        from matching.selectors import (
            all_activity_facts,
            citizen_needs,
            companions_near,
            suggest_activities,
        )
        from tests.matching.oracle import rank_plain

        rng = random.Random(args.seed)
        started = time.perf_counter()
        citizens = build(rng, activities=args.activities, citizens=args.citizens)
        build_s = time.perf_counter() - started

        started = time.perf_counter()
        facts = all_activity_facts()
        load_ms = (time.perf_counter() - started) * 1000

        for citizen in citizens[:5]:  # warm caches and the connection
            suggest_activities(citizen)

        # Wall time per citizen, and the process's CPU time: on a machine shared with other
        # work the CPU figure is what one citizen costs (SQLite runs in this process).
        fast_ms, sizes = [], []
        cpu_started = time.process_time()
        for citizen in citizens:
            started = time.perf_counter()
            found = suggest_activities(citizen)
            fast_ms.append((time.perf_counter() - started) * 1000)
            sizes.append(len(found))
        cpu_ms = (time.process_time() - cpu_started) * 1000 / len(citizens)

        loop_ms, agree = [], True
        for citizen in citizens[: args.loop]:
            needs = citizen_needs(citizen)
            companions = companions_near(needs)
            started = time.perf_counter()
            plain = rank_plain(needs, facts, companions, limit=5)
            loop_ms.append((time.perf_counter() - started) * 1000)
            fast = suggest_activities(citizen)
            agree &= [(s.activity_id, s.score) for s in plain] == [
                (s.activity_id, s.score) for s in fast
            ]

        fast_sorted = sorted(fast_ms)
        figures = {
            "activities": len(facts),
            "citizens_timed": len(fast_ms),
            "ms_per_citizen": round(statistics.mean(fast_ms), 3),
            "ms_per_citizen_median": round(statistics.median(fast_ms), 3),
            "ms_per_citizen_p95": round(fast_sorted[int(0.95 * (len(fast_sorted) - 1))], 3),
            "ms_per_citizen_max": round(fast_sorted[-1], 3),
            "cpu_ms_per_citizen": round(cpu_ms, 3),
            "loop_ms_per_citizen": round(statistics.mean(loop_ms), 1),
            "loop_load_all_activities_ms": round(load_ms, 1),
            "speedup_vs_loop": round(statistics.mean(loop_ms) / statistics.mean(fast_ms), 1),
            "mean_suggestions": round(statistics.mean(sizes), 2),
            "same_answer_as_loop": agree,
            "build_s": round(build_s, 1),
            "load_average": round(os.getloadavg()[0], 2),
        }
        print(
            f"{figures['activities']} activities: {figures['ms_per_citizen']} ms per citizen "
            f"(p95 {figures['ms_per_citizen_p95']} ms) against "
            f"{figures['loop_ms_per_citizen']} ms for the plain loop"
        )
        print(json.dumps(figures))
        if not agree:
            sys.exit("the fast path and the plain loop disagree")


if __name__ == "__main__":
    main()
