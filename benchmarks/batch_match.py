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
from collections import defaultdict
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
from meetingplaces import geo  # noqa: E402
from meetingplaces.geo import distance_km  # noqa: E402
from meetingplaces.geocoding import postcode_index  # noqa: E402
from meetingplaces.vocabulary import ALL_INTERESTS, activity_slots  # noqa: E402

EARTH_KM = 6371.0088
ORGANISATIONS = 40
CANDIDATES_PER_CITIZEN = 10
COMPANIONS_PER_CITIZEN = 10


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


# WGS84, as geo.approximate_km.
_A, _E2 = geo._A, geo._E2


def approximate_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """geo.approximate_km for many places at once (within 0.1 % of the geodesic)."""
    mean = np.radians((lat + lats) / 2)
    w = 1.0 - _E2 * np.sin(mean) ** 2
    dy = _A * (1.0 - _E2) / (w * np.sqrt(w)) * np.radians(lats - lat)
    dx = _A / np.sqrt(w) * np.cos(mean) * np.radians(lons - lon)
    return np.hypot(dx, dy)


def top_candidates(needs, near, facts):
    """The engine's score (engine.score, its weights and parts) for every near activity at
    once, and the best CANDIDATES_PER_CITIZEN of them.

    Distances are the engine's ellipsoidal approximation instead of geopy's geodesic
    (0.4 ms a call here); a place counts as within reach only with the engine's 0.5 %
    margin to spare, so no hard rule is ever broken. `--verify` re-scores the chosen pairs
    with engine.score on the geodesic distance and checks engine.breaks_no_rule.
    """
    if not len(near):
        return near, np.empty(0), np.empty(0)
    km = approximate_km(needs.latitude, needs.longitude, facts["lat"][near], facts["lon"][near])
    inside = km * (1 + geo.APPROXIMATION_MARGIN) <= needs.max_distance_km
    near, km = near[inside], km[inside]
    slots = facts["slots"][near]
    wished = slots & needs.preferred_slots if needs.preferred_slots else slots
    score = (
        engine.WEIGHT_NEARNESS * np.maximum(0.0, 1.0 - km / needs.max_distance_km)
        + engine.WEIGHT_INTEREST * np.bitwise_count(facts["interests"][near] & needs.interests)
        + engine.WEIGHT_SCHEDULE * np.bitwise_count(wished) / np.maximum(1, np.bitwise_count(slots))
        + engine.waiting_points(needs.waiting_days)
        + engine.load_points(0)
    )
    if needs.companion_needed:
        score = score + np.where(facts["companion"][near], engine.WEIGHT_COMPANION, 0.0)
    if len(score) > CANDIDATES_PER_CITIZEN:
        # Everything scoring at least the K-th best (ties included), then the exact order.
        kth = np.partition(score, len(score) - CANDIDATES_PER_CITIZEN)[-CANDIDATES_PER_CITIZEN]
        top = score >= kth
        near, score, km = near[top], score[top], km[top]
    best = np.lexsort((near, km, -score))[:CANDIDATES_PER_CITIZEN]
    return near[best], score[best], km[best]


def batch_run(citizens, activities, volunteers, volunteer_points, verify=0):
    """What matching.batch does, on plain data: candidates, then the optimum."""
    timings = {}
    started = time.perf_counter()
    vectors = unit_vectors(np.array([(a.latitude, a.longitude) for a in activities]))
    activity_tree = cKDTree(vectors)
    citizen_vectors = unit_vectors(np.array([(c.latitude, c.longitude) for c in citizens]))
    # The cheap hard rules as arrays, as suggest_activities cuts them in SQL before ranking.
    facts = {
        "lat": np.array([a.latitude for a in activities]),
        "lon": np.array([a.longitude for a in activities]),
        "slots": np.array([a.slots for a in activities], dtype=np.int64),
        "interests": np.array([a.interests for a in activities], dtype=np.int64),
        "companion": np.array([a.companion_available for a in activities]),
    }
    step_free = np.array([a.step_free for a in activities])
    audience = np.array([a.audience for a in activities])
    has_seat = np.array([a.free_seats is None or a.free_seats > 0 for a in activities])
    # One mask per kind of citizen (gender x needs step-free access) for the cheap rules.
    masks = {
        (gender, needs_step_free): has_seat
        & np.isin(audience, list(audiences))
        & (step_free | (not needs_step_free))
        for gender, audiences in engine.AUDIENCES_BY_GENDER.items()
        for needs_step_free in (False, True)
    }
    reach = activity_tree.query_ball_point(
        citizen_vectors, [chord(c.max_distance_km) for c in citizens], return_sorted=False
    )
    edges, seekers, checks = [], [], []
    for i, needs in enumerate(citizens):
        near = np.array(reach[i], dtype=np.int64)
        if len(near):
            keep = masks[needs.gender, needs.needs_step_free][near]
            if needs.preferred_slots:
                keep &= (facts["slots"][near] & needs.preferred_slots) != 0
            near = near[keep]
        chosen, scores, _km = top_candidates(needs, near, facts)
        seekers.append(
            assignment.Seeker(
                id=i, waited=needs.waiting_days, needs_companion=needs.companion_needed
            )
        )
        edges.extend(
            assignment.Edge(
                i, int(j), float(score), companion_included=activities[j].companion_available
            )
            for j, score in zip(chosen, scores, strict=True)
        )
        if i < verify:
            checks.append((needs, chosen, scores))
    timings["candidates"] = time.perf_counter() - started

    step = time.perf_counter()
    volunteer_tree = cKDTree(unit_vectors(volunteer_points))
    volunteer_organisation = np.array([v.organisation for v in volunteers])
    volunteer_availability = np.array([v.availability for v in volunteers], dtype=np.int64)
    candidates_of = defaultdict(list)
    for edge in edges:
        if not edge.companion_included:
            candidates_of[edge.citizen].append(activities[edge.activity])
    companion_km = {}
    needing = [i for i, c in enumerate(citizens) if c.companion_needed and candidates_of[i]]
    radius = chord(engine.COMPANION_RADIUS_KM)
    for i, near in zip(
        needing, volunteer_tree.query_ball_point(citizen_vectors[needing], radius), strict=True
    ):
        near = np.array(near, dtype=np.int64)
        if not len(near):
            continue
        # Only companions who could go to one of the citizen's candidates, the nearest
        # COMPANIONS_PER_CITIZEN of them (in a municipality the batch run keeps them all).
        fits = np.zeros(len(near), dtype=bool)
        for activity in candidates_of[i]:
            fits |= (volunteer_organisation[near] == activity.organisation_id) & (
                (activity.slots & ~volunteer_availability[near]) == 0
            )
        near = near[fits]
        km = approximate_km(
            citizens[i].latitude,
            citizens[i].longitude,
            volunteer_points[near, 0],
            volunteer_points[near, 1],
        )
        within = km <= engine.COMPANION_RADIUS_KM
        near, km = near[within], km[within]
        for j in np.lexsort((near, km))[:COMPANIONS_PER_CITIZEN]:
            companion_km[i, int(near[j])] = float(km[j])
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
    timings["companions"] = time.perf_counter() - step

    step = time.perf_counter()
    optimum = assignment.solve(problem)
    timings["solve"] = time.perf_counter() - step
    seconds = time.perf_counter() - started

    step = time.perf_counter()
    baseline = assignment.greedy(problem)
    timings["greedy"] = time.perf_counter() - step
    # Outside the timing: every checked pair re-scored by the engine itself on the
    # geodesic distance, and its hard rules checked.
    worst, broken = 0.0, 0
    for needs, chosen, scores in checks:
        for j, score in zip(chosen, scores, strict=True):
            facts_j = activities[j]
            geodesic = distance_km(
                (needs.latitude, needs.longitude), (facts_j.latitude, facts_j.longitude)
            )
            broken += not engine.breaks_no_rule(needs, facts_j, geodesic)
            worst = max(worst, abs(engine.score(needs, facts_j, geodesic) - score))
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
