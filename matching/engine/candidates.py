"""The batch run's candidates: the engine's hard rules and score over many activities at once.

The instant engine (`rank`) checks one citizen against the rows a query returns; a batch
run asks the same of every waiting citizen against every activity of a municipality (or of
Denmark, in the benchmark). Here the activities are columns of numpy arrays sorted into a
grid of cells, a citizen's reach is a few contiguous slices of them, and the rules and the
score (the engine's weights and parts) are computed for the whole slice at once. Distances
are `meetingplaces.geo.distances_km`, within millimetres of the geodesic.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from meetingplaces import geo

from .facts import ActivityFacts, CitizenNeeds, CompanionFacts
from .rules import AUDIENCES_BY_GENDER, COMPANION_RADIUS_KM
from .score import (
    WEIGHT_COMPANION,
    WEIGHT_INTEREST,
    WEIGHT_NEARNESS,
    WEIGHT_SCHEDULE,
    load_points,
    waiting_points,
)

# Cells of about 5 km: a citizen's reach (2-10 km) is a handful of rows of cells.
_CELL_DEGREES = 0.05
_ROW = 1 << 20  # cell key = row * _ROW + column; columns stay far below it

# A place counts as within reach when it is by at least this much: the distance formula's
# error is far smaller, so no place beyond the citizen's limit is ever proposed.
_EDGE_KM = 1e-5


def _cells(latitudes, longitudes):
    rows = np.floor(np.asarray(latitudes) / _CELL_DEGREES).astype(np.int64) + (_ROW // 2)
    columns = np.floor(np.asarray(longitudes) / _CELL_DEGREES).astype(np.int64) + (_ROW // 2)
    return rows, columns


class _Grid:
    """Points sorted by cell, so that the points in a box are a few contiguous slices."""

    def __init__(self, latitudes, longitudes):
        rows, columns = _cells(latitudes, longitudes)
        keys = rows * _ROW + columns
        self.order = np.argsort(keys, kind="stable")
        self.keys = keys[self.order]
        self.ecef = geo.ecef_km(
            np.asarray(latitudes, dtype=float)[self.order],
            np.asarray(longitudes, dtype=float)[self.order],
        )

    def near(self, latitude: float, longitude: float, radius_km: float):
        """(positions in sorted order, their distances in km) of the points within radius."""
        box = geo.bounding_box((latitude, longitude), radius_km)
        (south, north), (west, east) = _cells([box.south, box.north], [box.west, box.east])
        rows = np.arange(south, north + 1, dtype=np.int64) * _ROW
        starts = np.searchsorted(self.keys, rows + west, side="left")
        ends = np.searchsorted(self.keys, rows + east, side="right")
        spans = [(s, e) for s, e in zip(starts.tolist(), ends.tolist(), strict=True) if e > s]
        if not spans:
            return np.empty(0, dtype=np.int64), np.empty(0)
        # Measured slice by slice (views, no copies), then cut to the circle.
        origin, limit = (latitude, longitude), radius_km - _EDGE_KM
        found, distances = [], []
        for start, end in spans:
            km = geo.distances_km(origin, self.ecef[:, start:end])
            inside = np.flatnonzero(km <= limit)
            found.append(inside + start)
            distances.append(km[inside])
        if len(spans) == 1:
            return found[0], distances[0]
        return np.concatenate(found), np.concatenate(distances)


@dataclass(frozen=True)
class Candidate:
    activity_id: Hashable
    score: float
    distance_km: float


class ActivityTable:
    """Activities (as the engine's `ActivityFacts`) ready to be ranked for many citizens."""

    def __init__(self, activities: Sequence[ActivityFacts]):
        self.facts = list(activities)
        grid = _Grid([a.latitude for a in self.facts], [a.longitude for a in self.facts])
        self._grid = grid
        facts = [self.facts[i] for i in grid.order]
        self.ids = np.array([a.id for a in facts])
        self.position = {a.id: i for i, a in enumerate(facts)}
        self.step_free = np.array([a.step_free for a in facts], dtype=bool)
        self.audience = np.array([a.audience for a in facts])
        self.interests = np.array([a.interests for a in facts], dtype=np.int64)
        self.slots = np.array([a.slots for a in facts], dtype=np.int64)
        self.slot_count = np.bitwise_count(self.slots).astype(float)
        self.has_seat = np.array(
            [a.free_seats is None or a.free_seats > 0 for a in facts], dtype=bool
        )
        self.companion = np.array([a.companion_available for a in facts], dtype=bool)
        self.organisation = np.array([a.organisation_id for a in facts])
        self.load = np.array([load_points(a.load) for a in facts])
        # The rules that depend on the citizen's kind only (audience, step-free), with the
        # free seat: one mask per kind, read once per citizen.
        self._fits_kind = {
            (gender, step_free, full_too): (self.has_seat | full_too)
            & np.isin(self.audience, list(audiences))
            & (self.step_free | (not step_free))
            for gender, audiences in AUDIENCES_BY_GENDER.items()
            for step_free in (False, True)
            for full_too in (False, True)
        }

    def in_reach(self, needs: CitizenNeeds, *, full_too: bool = False):
        """(positions, km) of the activities that pass every hard rule for this citizen
        (`full_too`: all but the free seat, to explain why a citizen waits)."""
        if not needs.has_consent:
            return np.empty(0, dtype=np.int64), np.empty(0)
        positions, km = self._grid.near(needs.latitude, needs.longitude, needs.max_distance_km)
        gender = needs.gender if needs.gender in AUDIENCES_BY_GENDER else ""
        kind = (gender, needs.needs_step_free, full_too)
        keep = self._fits_kind[kind][positions]
        if needs.preferred_slots:
            keep &= (self.slots[positions] & needs.preferred_slots) != 0
        if needs.excluded_activity_ids:
            excluded = [self.position[i] for i in needs.excluded_activity_ids if i in self.position]
            keep &= ~np.isin(positions, excluded)
        return positions[keep], km[keep]

    def best(
        self,
        needs: CitizenNeeds,
        *,
        companions: Sequence[tuple[CompanionFacts, float]] = (),
        limit: int = 10,
        full_too: bool = False,
    ) -> list[Candidate]:
        """The citizen's best `limit` activities by the engine's score, best first (ties:
        the nearer, then the lower id, as `engine.rank`). `companions`: those within reach
        of the citizen's home with their km (`CompanionTable.within_reach`), for the
        companion part of the score (the nearest who fits each activity)."""
        positions, km = self.in_reach(needs, full_too=full_too)
        if not len(positions):
            return []
        slots = self.slots[positions]
        wished = slots & needs.preferred_slots if needs.preferred_slots else slots
        score = (
            WEIGHT_NEARNESS * np.maximum(0.0, 1.0 - km / needs.max_distance_km)
            + WEIGHT_INTEREST * np.bitwise_count(self.interests[positions] & needs.interests)
            + WEIGHT_SCHEDULE
            * np.bitwise_count(wished)
            / np.maximum(1.0, self.slot_count[positions])
        )
        waiting = waiting_points(needs.waiting_days)
        if needs.companion_needed:
            if len(score) > limit:
                # The companion part adds at most WEIGHT_COMPANION: only activities that
                # could then reach the limit-th best without it are worth measuring.
                without = score + waiting + self.load[positions]
                kth = np.partition(without, len(without) - limit)[len(without) - limit]
                may = without + WEIGHT_COMPANION >= kth
                positions, score, km = positions[may], score[may], km[may]
            score = score + self._companion_points(positions, companions)
        score = score + waiting + self.load[positions]
        if len(score) > limit:
            # Everything scoring at least the limit-th best (ties kept), then the exact order.
            kth = np.partition(score, len(score) - limit)[len(score) - limit]
            top = score >= kth
            positions, score, km = positions[top], score[top], km[top]
        order = np.lexsort((self.ids[positions], km, -score))[:limit]
        return [
            Candidate(self.ids[positions[j]].item(), float(score[j]), float(km[j])) for j in order
        ]

    def _companion_points(self, positions, companions: Sequence[tuple[CompanionFacts, float]]):
        """`score.companion_points` for each activity: full points where the activity brings
        a companion, else by the nearest companion who fits it (`rules.companion_fits`:
        same organisation, within reach, free at all its times, with a place left).

        All companions against all activities at once: a companions × activities table of
        fits, whose first fitting row per column (companions nearest first) gives the km."""
        points = np.where(self.companion[positions], WEIGHT_COMPANION, 0.0)
        usable = sorted(
            (item for item in companions if item[0].places > 0 and item[1] <= COMPANION_RADIUS_KM),
            key=lambda item: (item[1], item[0].id),
        )
        if not usable:
            return points
        km = np.array([item[1] for item in usable])
        fits = _fits_table(
            [item[0] for item in usable],
            self.organisation[positions],
            self.slots[positions],
        )
        fits &= ~self.companion[positions]
        found = fits.any(axis=0)
        nearest = km[fits.argmax(axis=0)]
        return np.where(
            found, WEIGHT_COMPANION * (1.0 - 0.5 * nearest / COMPANION_RADIUS_KM), points
        )


def _fits_table(companions: Sequence[CompanionFacts], organisations, slots) -> np.ndarray:
    """companions × activities: same organisation and free at all the activity's times (the
    parts of `rules.companion_fits` that do not depend on the citizen)."""
    organisation = np.array([c.organisation_id for c in companions])
    availability = np.array([c.availability for c in companions], dtype=np.int64)
    return (organisation[:, None] == organisations[None, :]) & (
        (slots[None, :] & ~availability[:, None]) == 0
    )


def companions_for_any(
    near: Sequence[tuple[CompanionFacts, float]], activities: Sequence[ActivityFacts]
) -> list[tuple[CompanionFacts, float]]:
    """The companions within reach (with their km) who could go along to at least one of
    the activities: the only ones a batch run's second stage needs to know."""
    if not near or not activities:
        return []
    fits = _fits_table(
        [companion for companion, _km in near],
        np.array([a.organisation_id for a in activities]),
        np.array([a.slots for a in activities], dtype=np.int64),
    )
    return [item for item, keep in zip(near, fits.any(axis=1).tolist(), strict=True) if keep]


class CompanionTable:
    """Companions who can go along (approved, with a place left), found by their home."""

    def __init__(self, companions: Iterable[CompanionFacts]):
        self.companions = list(companions)
        self._grid = _Grid(
            [c.latitude for c in self.companions], [c.longitude for c in self.companions]
        )
        self._sorted = [self.companions[i] for i in self._grid.order]

    def within_reach(self, latitude: float, longitude: float) -> list[tuple[CompanionFacts, float]]:
        """Every companion within `COMPANION_RADIUS_KM` of a citizen's home, with the km."""
        if not self.companions:
            return []
        positions, km = self._grid.near(latitude, longitude, COMPANION_RADIUS_KM)
        return [(self._sorted[p], float(d)) for p, d in zip(positions, km, strict=True)]
