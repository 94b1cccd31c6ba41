"""Benchmark of one batch run over Denmark: candidates, optimum, and a greedy baseline.

    .venv/bin/python benchmarks/batch_match.py [--citizens 10000 --activities 50000
        --volunteers 5000 --seed 1]

Places are drawn around the bundled Danish postcodes. Candidate pairs come from KD-trees on
unit vectors (never all pairs), each citizen's candidates are ranked by the instant engine
(`matching.engine.rank`, every hard rule), and `matching.engine.assignment` solves the
problem; greedy runs on the very same problem. Two scenarios: "ample" (realistic seats)
and "scarce" (fewer free seats than waiting citizens). The last line is one JSON object.
No database is touched: this times the engine and the optimiser, not the ORM.
"""

import argparse
import datetime as dt
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-0123456789abcdefghijklmnop")

import django

django.setup()

import numpy as np  # noqa: E402

from matching import engine  # noqa: E402
from matching.engine import assignment, candidates  # noqa: E402
from meetingplaces.geo import distance_km  # noqa: E402
from meetingplaces.geocoding import postcode_index  # noqa: E402
from meetingplaces.vocabulary import ALL_INTERESTS, activity_slots  # noqa: E402

ORGANISATIONS = 40
CANDIDATES_PER_CITIZEN = 10


def places(rng: random.Random, n: int, centres) -> np.ndarray:
    points = np.empty((n, 2))
    for i in range(n):
        lat, lon = rng.choice(centres)
        # Within about 4 km of the postcode's centre.
        points[i] = (lat + rng.gauss(0, 0.02), lon + rng.gauss(0, 0.035))
    return points


def world(seed: int, n_citizens: int, n_activities: int, n_volunteers: int, scarce: bool):
    rng = random.Random(seed)
    centres = [(p.latitude, p.longitude) for p in postcode_index().by_code.values()]
    activity_points = places(rng, n_activities, centres)
    activities = []
    for i, (lat, lon) in enumerate(activity_points):
        weekday, start = rng.randrange(7), rng.choice([9, 10, 13, 14, 19])
        capacity = rng.choice([1, 1, 2]) if scarce else rng.choice([8, 10, 12, 15, 20, None])
        participants = 0 if scarce or capacity is None else rng.randrange(capacity - 1)
        activities.append(
            engine.ActivityFacts(
                id=i,
                latitude=float(lat),
                longitude=float(lon),
                step_free=rng.random() < 0.7,
                audience=rng.choice(["all"] * 8 + ["men", "women"]),
                interests=rng.getrandbits(22) & rng.getrandbits(22) & ALL_INTERESTS,
                slots=activity_slots(weekday, dt.time(start), dt.time(start + 2)),
                free_seats=None if capacity is None else capacity - participants,
                companion_available=rng.random() < 0.1,
                organisation_id=rng.randrange(ORGANISATIONS),
            )
        )
    if scarce:
        # Fewer free seats than waiting citizens, in clusters where people compete.
        activities = activities[: n_citizens // 2]
    citizen_points = places(rng, n_citizens, centres)
    citizens = []
    for lat, lon in citizen_points:
        citizens.append(
            engine.CitizenNeeds(
                latitude=float(lat),
                longitude=float(lon),
                max_distance_km=float(rng.choice([2, 3, 5, 8, 10])),
                needs_step_free=rng.random() < 0.3,
                gender=rng.choice(["", "woman", "man"]),
                interests=rng.getrandbits(22) & rng.getrandbits(22) & ALL_INTERESTS,
                preferred_slots=rng.getrandbits(21) | rng.getrandbits(21),
                companion_needed=rng.random() < 0.3,
                has_consent=True,
                waiting_days=rng.randrange(120),
            )
        )
    volunteer_points = places(rng, n_volunteers, centres)
    volunteers = [
        assignment.Companion(
            id=i,
            places=rng.choice([1, 1, 2, 3]),
            availability=rng.getrandbits(21) | rng.getrandbits(21),
            organisation=rng.randrange(ORGANISATIONS),
        )
        for i in range(n_volunteers)
    ]
    return citizens, activities, volunteers, volunteer_points


def batch_run(citizens, activities, volunteers, volunteer_points, verify=0):
    """What matching.batch does, on plain data: candidates, then the optimum."""
    timings = {}
    started, cpu_started = time.perf_counter(), time.process_time()
    table = candidates.ActivityTable(activities)
    companions = candidates.CompanionTable(
        engine.CompanionFacts(
            id=v.id,
            organisation_id=v.organisation,
            latitude=float(lat),
            longitude=float(lon),
            availability=v.availability,
            places=v.places,
        )
        for v, (lat, lon) in zip(volunteers, volunteer_points, strict=True)
    )
    by_id = {a.id: a for a in activities}
    edges, seekers, checks, companion_km = [], [], [], {}
    for i, needs in enumerate(citizens):
        near = (
            companions.within_reach(needs.latitude, needs.longitude)
            if needs.companion_needed
            else []
        )
        chosen = table.best(needs, companions=near, limit=CANDIDATES_PER_CITIZEN)
        seekers.append(
            assignment.Seeker(
                id=i, waited=needs.waiting_days, needs_companion=needs.companion_needed
            )
        )
        edges.extend(
            assignment.Edge(
                i,
                c.activity_id,
                c.score,
                companion_included=by_id[c.activity_id].companion_available,
            )
            for c in chosen
        )
        if needs.companion_needed and chosen:
            # Companions within reach who could go to one of the citizen's candidates.
            wanted = [by_id[c.activity_id] for c in chosen]
            for companion, km in candidates.companions_for_any(near, wanted):
                companion_km[i, companion.id] = km
        if i < verify:
            checks.append((needs, chosen, near))
    timings["candidates"] = time.perf_counter() - started

    openings = [
        assignment.Opening(a.id, a.free_seats, a.slots, a.organisation_id) for a in activities
    ]
    problem = assignment.Problem(
        seekers=seekers,
        openings=openings,
        edges=edges,
        companions=volunteers,
        companion_km=companion_km,
    )
    step = time.perf_counter()
    optimum = assignment.solve(problem)
    timings["solve"] = time.perf_counter() - step
    seconds = time.perf_counter() - started
    # What the process got of a core: on a loaded machine wall-clock time is far more.
    cpu_seconds = time.process_time() - cpu_started

    step = time.perf_counter()
    baseline = assignment.greedy(problem)
    timings["greedy"] = time.perf_counter() - step
    # Outside the timing: every checked pair re-scored by the engine itself on the
    # geodesic distance, and its hard rules checked.
    worst, broken = 0.0, 0
    for needs, chosen, near in checks:
        nearest = engine.NearestCompanion(needs, [c for c, _km in near])
        for c in chosen:
            facts = by_id[c.activity_id]
            geodesic = distance_km(
                (needs.latitude, needs.longitude), (facts.latitude, facts.longitude)
            )
            broken += not engine.breaks_no_rule(needs, facts, geodesic)
            exact = engine.score(needs, facts, geodesic, nearest.km(facts))
            worst = max(worst, abs(exact - c.score))
    bound = optimum.bound
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "matched": optimum.matched,
        "greedy_matched": baseline.matched,
        "score": round(optimum.score, 3),
        "greedy_score": round(baseline.score, 3),
        "bound": {"matched": bound.matched, "score": round(bound.score, 3)},
        "gap": round(optimum.gap, 6),
        "candidates": len(edges),
        "free_seats": sum(a.free_seats for a in activities if a.free_seats is not None),
        "unlimited_activities": sum(1 for a in activities if a.free_seats is None),
        "with_companion": sum(1 for a in optimum.assignments if a.companion is not None),
        "timings": {k: round(v, 2) for k, v in timings.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "verified_citizens": len(checks),
        "verified_pairs": sum(len(c[1]) for c in checks),
        "largest_score_difference": round(worst, 6),
        "hard_rules_broken": broken,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--activities", type=int, default=50_000)
    parser.add_argument("--volunteers", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=["ample", "scarce"], help="run one scenario")
    parser.add_argument(
        "--verify", type=int, default=200, help="citizens whose candidates are re-checked"
    )
    args = parser.parse_args()

    figures = {"citizens": args.citizens, "activities": args.activities}
    figures["volunteers"] = args.volunteers
    for scenario, scarce in (("ample", False), ("scarce", True)):
        if args.only and args.only != scenario:
            continue
        data = world(args.seed, args.citizens, args.activities, args.volunteers, scarce)
        result = batch_run(*data, verify=args.verify)
        print(scenario, json.dumps(result), flush=True)
        if scarce:
            figures["scarce"] = {"activities": len(data[1]), **result}
        else:
            figures.update(result)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
