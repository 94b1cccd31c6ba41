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
import math
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-0123456789abcdefghijklmnop")

import django

django.setup()

import numpy as np  # noqa: E402
from scipy.spatial import cKDTree  # noqa: E402

from matching import engine  # noqa: E402
from matching.engine import assignment  # noqa: E402
from meetingplaces.geocoding import postcode_index  # noqa: E402
from meetingplaces.vocabulary import ALL_INTERESTS, activity_slots  # noqa: E402

EARTH_KM = 6371.0088
ORGANISATIONS = 40
CANDIDATES_PER_CITIZEN = 10


def unit_vectors(points: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(points[:, 0]), np.radians(points[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def chord(km: float) -> float:
    """The straight-line distance between unit vectors `km` apart on the sphere, with a
    margin for the ellipsoid: the engine checks the exact geodesic afterwards."""
    return 2 * math.sin(min(math.pi, km * 1.01 / EARTH_KM) / 2)


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


def top_candidates(needs, home, near, activities, vectors, interests):
    """`engine.rank` over the near activities, exactly, without scoring them all in Python.

    A vectorised upper bound of the engine's score (sphere distance less a 1 % margin for
    the ellipsoid; the most any other part can add) orders the candidates; the engine
    ranks the best M of them, and M grows until no candidate left out could still beat
    the K-th found. `--verify` compares this with engine.rank over all near activities.
    """
    if not len(near):
        return []
    km = 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.linalg.norm(vectors[near] - home, axis=1) / 2))
    nearness = engine.WEIGHT_NEARNESS * np.maximum(0.0, 1.0 - km * 0.99 / needs.max_distance_km)
    shared = np.bitwise_count(interests[near] & needs.interests).astype(float)
    rest = (
        engine.WEIGHT_SCHEDULE
        + (engine.WEIGHT_COMPANION if needs.companion_needed else 0.0)
        + engine.waiting_points(needs.waiting_days)
        + engine.WEIGHT_LOAD
    )
    bound = nearness + engine.WEIGHT_INTEREST * shared + rest
    order = np.lexsort((near, -bound))
    m = 4 * CANDIDATES_PER_CITIZEN
    while True:
        chosen = order[:m]
        found = engine.rank(
            needs, [activities[j] for j in near[chosen]], limit=CANDIDATES_PER_CITIZEN
        )
        if len(order) <= m or (
            len(found) == CANDIDATES_PER_CITIZEN and found[-1].score > bound[order[m]]
        ):
            return found
        m *= 4


def batch_run(citizens, activities, volunteers, volunteer_points, verify=0):
    """What matching.batch does, on plain data: candidates, then the optimum."""
    timings = {}
    started = time.perf_counter()
    vectors = unit_vectors(np.array([(a.latitude, a.longitude) for a in activities]))
    activity_tree = cKDTree(vectors)
    citizen_vectors = unit_vectors(np.array([(c.latitude, c.longitude) for c in citizens]))
    # The cheap hard rules as arrays, as suggest_activities cuts them in SQL before ranking.
    step_free = np.array([a.step_free for a in activities])
    audience = np.array([a.audience for a in activities])
    slots = np.array([a.slots for a in activities], dtype=np.int64)
    has_seat = np.array([a.free_seats is None or a.free_seats > 0 for a in activities])
    interests = np.array([a.interests for a in activities], dtype=np.int64)
    edges, seekers, checks = [], [], []
    for i, needs in enumerate(citizens):
        near = np.array(
            activity_tree.query_ball_point(citizen_vectors[i], chord(needs.max_distance_km)),
            dtype=np.int64,
        )
        if len(near):
            keep = has_seat[near] & np.isin(
                audience[near], list(engine.AUDIENCES_BY_GENDER[needs.gender])
            )
            if needs.needs_step_free:
                keep &= step_free[near]
            if needs.preferred_slots:
                keep &= (slots[near] & needs.preferred_slots) != 0
            near = near[keep]
        found = top_candidates(needs, citizen_vectors[i], near, activities, vectors, interests)
        if i < verify:
            checks.append((needs, near, [s.activity_id for s in found]))
        seekers.append(
            assignment.Seeker(
                id=i, waited=needs.waiting_days, needs_companion=needs.companion_needed
            )
        )
        edges.extend(
            assignment.Edge(
                i,
                s.activity_id,
                s.score,
                companion_included=activities[s.activity_id].companion_available,
            )
            for s in found
        )
    timings["candidates"] = time.perf_counter() - started

    step = time.perf_counter()
    volunteer_tree = cKDTree(unit_vectors(volunteer_points))
    companion_km = {}
    needing = [i for i, c in enumerate(citizens) if c.companion_needed]
    radius = chord(engine.COMPANION_RADIUS_KM)
    for i, near in zip(
        needing, volunteer_tree.query_ball_point(citizen_vectors[needing], radius), strict=True
    ):
        for j in near:
            # Chord to great-circle km: the benchmark's stand-in for the geodesic.
            d = float(
                np.linalg.norm(citizen_vectors[i] - unit_vectors(volunteer_points[j : j + 1])[0])
            )
            km = 2 * EARTH_KM * math.asin(min(1.0, d / 2))
            if km <= engine.COMPANION_RADIUS_KM:
                companion_km[i, j] = km
    openings = [
        assignment.Opening(a.id, a.free_seats, a.slots, a.organisation_id) for a in activities
    ]
    problem = assignment.Problem(
        seekers=seekers,
        openings=openings,
        edges=edges,
        companions=volunteers,
        companion_km=companion_km,
        max_companion_km=engine.COMPANION_RADIUS_KM,
    )
    timings["companions"] = time.perf_counter() - step

    step = time.perf_counter()
    optimum = assignment.solve(problem)
    timings["solve"] = time.perf_counter() - step
    seconds = time.perf_counter() - started

    step = time.perf_counter()
    baseline = assignment.greedy(problem)
    timings["greedy"] = time.perf_counter() - step
    # Outside the timing: the shortcut of top_candidates against the engine on every
    # near activity.
    mismatches = sum(
        [
            s.activity_id
            for s in engine.rank(needs, [activities[j] for j in near], limit=CANDIDATES_PER_CITIZEN)
        ]
        != found
        for needs, near, found in checks
    )
    return {
        "seconds": round(seconds, 2),
        "matched": optimum.matched,
        "greedy_matched": baseline.matched,
        "score": round(optimum.score, 3),
        "greedy_score": round(baseline.score, 3),
        "candidates": len(edges),
        "free_seats": sum(a.free_seats for a in activities if a.free_seats is not None),
        "unlimited_activities": sum(1 for a in activities if a.free_seats is None),
        "with_companion": sum(1 for a in optimum.assignments if a.companion is not None),
        "timings": {k: round(v, 2) for k, v in timings.items()},
        "verified_citizens": len(checks),
        "candidate_mismatches": mismatches,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--activities", type=int, default=50_000)
    parser.add_argument("--volunteers", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--verify", type=int, default=200, help="citizens whose candidates are re-checked"
    )
    args = parser.parse_args()

    figures = {"citizens": args.citizens, "activities": args.activities}
    figures["volunteers"] = args.volunteers
    for scenario, scarce in (("ample", False), ("scarce", True)):
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
