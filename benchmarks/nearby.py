"""Benchmark of the nearby search: `make bench` or `.venv/bin/python benchmarks/nearby.py`.

Synthetic activities spread uniformly over Denmark (three per meeting place) in a fresh
SQLite file; searches from random places within 5 km (the default radius). In one run:
- the project's nearby search (`activities_near`) against a plain Python loop computing
  geopy's geodesic distance over every row;
- the nearby API call (`GET /api/v1/activities/?near=lat,lon`, page of 20) against a
  trivial DRF list of 20 rows (a ModelSerializer of every Activity field, no filtering).
Both API views are called through DRF with the same request factory and rendered to JSON.
Prints its figures as one JSON object on its last line.
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="samvaer-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-0123456789abcdefghij")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
# The API's throttles guard against scripts; this script is one, on purpose.
os.environ["THROTTLE_ANON"] = os.environ["THROTTLE_USER"] = "1000000000/minute"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from geopy.distance import geodesic  # noqa: E402
from rest_framework import generics, serializers  # noqa: E402
from rest_framework.permissions import AllowAny  # noqa: E402
from rest_framework.test import APIRequestFactory  # noqa: E402

from api.activities import ActivityViewSet  # noqa: E402
from meetingplaces.models import Activity, MeetingPlace, Municipality, Organisation  # noqa: E402
from meetingplaces.selectors import activities_near  # noqa: E402

# Denmark's mainland and islands, as a box (some sea included, as real data is not).
SOUTH, NORTH, WEST, EAST = 54.56, 57.75, 8.07, 12.69
RADIUS_KM = 5.0
ACTIVITIES_PER_PLACE = 3


class TrivialSerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = "__all__"


class TrivialList(generics.ListAPIView):
    """A list of 20 rows with no filter, no geometry and no nesting: the floor."""

    queryset = Activity.objects.order_by("pk")
    serializer_class = TrivialSerializer
    permission_classes = [AllowAny]
    authentication_classes = []


def populate(count: int, rng: random.Random) -> list[tuple[float, float]]:
    """`count` activities at count/3 meeting places; returns the places' points."""
    municipality = Municipality.objects.create(code="9999", name="Benchmark", slug="bench")
    organisation = Organisation.objects.create(
        municipality=municipality, name="Benchmark", kind="association"
    )
    places = -(-count // ACTIVITIES_PER_PLACE)  # rounded up: every activity has a place
    points = [(rng.uniform(SOUTH, NORTH), rng.uniform(WEST, EAST)) for _ in range(places)]
    # Through the ORM (every column the models have now gets its default), in batches.
    with transaction.atomic():
        MeetingPlace.objects.bulk_create(
            (
                MeetingPlace(
                    id=i + 1,
                    municipality=municipality,
                    name=f"Sted {i}",
                    street="Vej 1",
                    postcode="4990",
                    town="By",
                    latitude=lat,
                    longitude=lon,
                    step_free=bool(i % 2),
                )
                for i, (lat, lon) in enumerate(points)
            ),
            batch_size=5000,
        )
        Activity.objects.bulk_create(
            (
                Activity(
                    id=n + 1,
                    municipality=municipality,
                    meeting_place_id=n // ACTIVITIES_PER_PLACE + 1,
                    organisation=organisation,
                    title=f"Aktivitet {n}",
                    category="games",
                    interests=2,
                    weekday=n % 7,
                    start_time=dt.time(10),
                    end_time=dt.time(12),
                    capacity=20,
                    companion_available=bool(n % 2),
                )
                for n in range(count)
            ),
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return points


def timed(function, repeat: int) -> float:
    """The median wall time of `repeat` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def python_loop(rows, centre):
    """What a naive implementation does: geodesic to every row, then sort."""
    hits = []
    for pk, lat, lon in rows:
        distance = geodesic(centre, (lat, lon)).km
        if distance <= RADIUS_KM:
            hits.append((distance, pk))
    hits.sort()
    return hits


def run(count: int, *, seed: int, loop_sample: int, searches: int) -> dict:
    rng = random.Random(seed)
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    points = populate(count, rng)
    populate_seconds = time.perf_counter() - started
    centres = [rng.choice(points) for _ in range(searches)]

    # The project's nearby search: box on the index, fast distance on the box's rows.
    def nearby_all():
        for centre in centres:
            len(activities_near(point=centre, radius_km=RADIUS_KM))

    nearby_seconds = timed(nearby_all, 5) / len(centres)
    found = statistics.mean(len(activities_near(point=c, radius_km=RADIUS_KM)) for c in centres)

    # The loop, over every row (on a sample of rows when there are more than loop_sample,
    # scaled up linearly: the loop's cost is the same for every row).
    rows = list(
        Activity.objects.values_list("pk", "meeting_place__latitude", "meeting_place__longitude")
    )
    sample = rows if len(rows) <= loop_sample else rng.sample(rows, loop_sample)
    start = time.perf_counter()
    python_loop(sample, centres[0])
    loop_seconds = (time.perf_counter() - start) * len(rows) / len(sample)

    # The API: nearby page of 20 against a trivial list of 20.
    factory = APIRequestFactory()
    nearby_view = ActivityViewSet.as_view({"get": "list"})
    trivial_view = TrivialList.as_view()

    def api_nearby():
        for centre in centres:
            request = factory.get("/api/v1/activities/", {"near": f"{centre[0]},{centre[1]}"})
            response = nearby_view(request)
            response.render()
            assert response.status_code == 200, response.data

    def api_trivial():
        for _centre in centres:
            response = trivial_view(factory.get("/api/v1/trivial/"))
            response.render()
            assert response.status_code == 200

    api_trivial()  # warm both (URL resolvers, translations, serializer fields)
    api_nearby()
    # Interleaved, so that both meet the same load on a shared machine; the ratio is the
    # median of the rounds' ratios.
    nearby_times, trivial_times, ratios = [], [], []
    for _ in range(15):
        nearby_times.append(timed(api_nearby, 1))
        trivial_times.append(timed(api_trivial, 1))
        ratios.append(nearby_times[-1] / trivial_times[-1])
    api_nearby_seconds = statistics.median(nearby_times) / len(centres)
    api_trivial_seconds = statistics.median(trivial_times) / len(centres)

    return {
        "activities": count,
        "populate_seconds": round(populate_seconds, 1),
        "mean_found_within_5_km": round(found, 1),
        "nearby_ms": round(nearby_seconds * 1000, 3),
        "loop_ms": round(loop_seconds * 1000, 1),
        "loop_rows_measured": len(sample),
        "speedup_vs_loop": round(loop_seconds / nearby_seconds),
        "api_nearby_ms": round(api_nearby_seconds * 1000, 3),
        "api_trivial_ms": round(api_trivial_seconds * 1000, 3),
        "api_vs_trivial": round(statistics.median(ratios), 2),
    }


def profile(count: int):
    """Where the nearby API call spends its time (--profile)."""
    import cProfile
    import pstats

    rng = random.Random(1)
    call_command("flush", interactive=False, verbosity=0)
    points = populate(count, rng)
    factory = APIRequestFactory()
    view = ActivityViewSet.as_view({"get": "list"})
    centres = [rng.choice(points) for _ in range(50)]

    def calls():
        for c in centres:
            view(factory.get("/api/v1/activities/", {"near": f"{c[0]},{c[1]}"})).render()

    calls()
    cProfile.runctx("calls()", globals(), {"calls": calls}, f"{TMP}/profile")
    pstats.Stats(f"{TMP}/profile").sort_stats("cumulative").print_stats(45)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--activities", type=int, nargs="+", default=[100_000, 1_000_000], help="sizes to run"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--searches", type=int, default=20, help="random centres per size")
    parser.add_argument(
        "--loop-sample", type=int, default=100_000, help="rows the geodesic loop measures"
    )
    parser.add_argument("--profile", action="store_true", help="profile the nearby API call")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if args.profile:
        profile(args.activities[0])
        return
    runs = []
    for count in args.activities:
        result = run(count, seed=args.seed, loop_sample=args.loop_sample, searches=args.searches)
        print(json.dumps(result), flush=True)
        runs.append(result)

    first = runs[0]
    summary = {
        "activities": first["activities"],
        "speedup_vs_loop": first["speedup_vs_loop"],
        "api_vs_trivial": first["api_vs_trivial"],
        "runs": runs,
    }
    if len(runs) > 1:
        summary["nearby_growth"] = {
            f"{run['activities']}_vs_{first['activities']}": round(
                run["nearby_ms"] / first["nearby_ms"], 2
            )
            for run in runs[1:]
        }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
