"""Where help is missing: waiting citizens counted per square of about 1 km, against the
activities within their reach, and the five places where a new activity would reach most
of them.

The five places come from greedy maximum coverage: candidates are the centres of the
squares with waiting citizens and the existing meeting places; a candidate reaches a
citizen when it lies within that citizen's own travel limit; each pick takes the
candidate that reaches most citizens not yet reached. Greedy is the standard
approximation (it reaches at least 63 % of the best possible); the exact problem is
NP-hard. Distances come from meetingplaces.geo.
"""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Avg, Count, Exists, F, FloatField, OuterRef, Q
from django.db.models.functions import Cast, Floor
from django.utils.translation import gettext_lazy as _

from matching.engine import needs_step_free
from matching.models import Citizen, Match
from meetingplaces.geo import distance_matrix_km
from meetingplaces.models import Activity, MeetingPlace
from meetingplaces.vocabulary import INTEREST_LABELS, INTEREST_SLUGS

from ..scope import ReportScope
from ..suppression import MIN_COUNT, SMALL
from ..tables import PLAIN, Column, Table

# Degrees of a square: 0.009° of latitude is 1.0 km; 0.016° of longitude is 1.0 km at 56° N.
CELL_LAT, CELL_LON = 0.009, 0.016
PICKS = 5
# The squares with most waiting citizens that are tried as places (with every meeting
# place): beyond a few hundred, the best five do not change, the time does.
CANDIDATE_SQUARES = 300


@dataclass
class GapReport:
    table: Table
    cells: list[dict]  # for the map: bounds and the shown figures of each square
    best_places: list[dict] = field(default_factory=list)
    waiting: int | str = 0


def waiting_citizens(scope: ReportScope, *, interest: str = "", mobility: str = ""):
    """Citizens waiting for an activity now (a declined proposal sends them back here)."""
    citizens = scope.citizens().filter(
        status=Citizen.Status.WAITING, anonymised_at__isnull=True, consent_withdrawn_at__isnull=True
    )
    if interest:
        bit = 1 << INTEREST_SLUGS.index(interest)
        citizens = citizens.annotate(wanted=F("interests").bitand(bit)).filter(wanted__gt=0)
    if mobility:
        citizens = citizens.filter(mobility=mobility)
    return citizens


def _activities(scope: ReportScope, *, interest: str, mobility: str):
    activities = Activity.objects.filter(is_active=True)
    if scope.municipality_ids is not None:
        activities = activities.filter(municipality_id__in=scope.municipality_ids)
    if interest:
        bit = 1 << INTEREST_SLUGS.index(interest)
        activities = activities.annotate(wanted=F("interests").bitand(bit)).filter(wanted__gt=0)
    if mobility and needs_step_free(mobility):
        activities = activities.filter(meeting_place__step_free=True)
    points = np.array(
        list(activities.values_list("meeting_place__latitude", "meeting_place__longitude")),
        dtype=float,
    ).reshape(-1, 2)
    return points


def gap_report(scope: ReportScope, *, interest: str = "", mobility: str = "") -> GapReport:
    citizens = waiting_citizens(scope, interest=interest, mobility=mobility)
    declined = Exists(Match.objects.filter(citizen=OuterRef("pk"), status=Match.Status.DECLINED))
    squares = (
        citizens.annotate(
            row=Floor(Cast("latitude", FloatField()) / CELL_LAT),
            col=Floor(Cast("longitude", FloatField()) / CELL_LON),
        )
        .values("row", "col")
        .annotate(
            waiting=Count("pk"),
            declined=Count("pk", filter=Q(declined)),
            limit=Avg("max_distance_km"),
        )
        .order_by("-waiting", "row", "col")
    )
    activities = _activities(scope, interest=interest, mobility=mobility)
    squares = list(squares)
    centres = [((s["row"] + 0.5) * CELL_LAT, (s["col"] + 0.5) * CELL_LON) for s in squares]
    in_reach = np.zeros(len(squares), dtype=int)
    if len(activities) and squares:
        limits = np.array([float(s["limit"]) for s in squares])
        distances = distance_matrix_km(centres, activities[:, 0], activities[:, 1])
        in_reach = (distances <= limits[:, None]).sum(axis=1)
    rows, cells = [], []
    for square, centre, reach in zip(squares, centres, in_reach, strict=True):
        south, west = square["row"] * CELL_LAT, square["col"] * CELL_LON
        label = f"{centre[0]:.3f}, {centre[1]:.3f}"
        rows.append(
            (
                label,
                {
                    "waiting": square["waiting"],
                    "declined": square["declined"],
                    "activities": int(reach),
                },
            )
        )
        cells.append(
            {
                "label": label,
                "south": south,
                "west": west,
                "north": south + CELL_LAT,
                "east": west + CELL_LON,
            }
        )
    total = {
        "waiting": sum(r["waiting"] for _l, r in rows),
        "declined": sum(r["declined"] for _l, r in rows),
    }
    table = Table(
        key="gaps",
        title=_("Ventende borgere pr. kvadrat på ca. 1 km"),
        group_label=_("Kvadratets midtpunkt (bredde, længde)"),
        columns=[
            Column("waiting", _("Venter")),
            Column("declined", _("Heraf fået et afslag")),
            Column("activities", _("Aktiviteter inden for rækkevidde"), PLAIN),
        ],
        rows=rows,
        total=total,
        additive=True,
        note=_("Rækkevidde: kvadratets gennemsnitlige afstand, borgerne kan komme."),
    )
    for cell, row in zip(cells, table.shown_rows(), strict=False):
        cell["values"] = row["values"]
    shown_total = table.shown_rows()[-1]["values"]["waiting"]
    return GapReport(table, cells, best_places(scope, citizens), shown_total)


def best_places(scope: ReportScope, citizens) -> list[dict]:
    """The five candidate places that, picked greedily, reach most waiting citizens."""
    people = np.array(
        list(citizens.values_list("latitude", "longitude", "max_distance_km", "interests")),
        dtype=float,
    ).reshape(-1, 4)
    if len(people) == 0:
        return []
    candidates = _candidates(scope, people)
    origins = [(latitude, longitude) for _label, latitude, longitude in candidates]
    reach = distance_matrix_km(origins, people[:, 0], people[:, 1]) <= people[None, :, 2]
    reached = np.zeros(len(people), dtype=bool)
    picks = []
    for _pick in range(PICKS):
        gains = (reach & ~reached).sum(axis=1)
        best = int(gains.argmax())
        if gains[best] == 0:
            break
        new = reach[best] & ~reached
        reached |= new
        label, latitude, longitude = candidates[best]
        count = int(new.sum())
        picks.append(
            {
                "label": label,
                "latitude": round(latitude, 3),
                "longitude": round(longitude, 3),
                "reaches": count if count >= MIN_COUNT else SMALL,
                "top_interests": _top_interests(people[new, 3]) if count >= MIN_COUNT else [],
            }
        )
    return picks


def _candidates(scope: ReportScope, people) -> list[tuple[str, float, float]]:
    """The centres of the squares where most of the citizens wait, and the meeting places."""
    squares = Counter(
        (int(np.floor(lat / CELL_LAT)), int(np.floor(lon / CELL_LON))) for lat, lon in people[:, :2]
    )
    candidates = []
    for (row, col), _count in squares.most_common(CANDIDATE_SQUARES):
        latitude, longitude = (row + 0.5) * CELL_LAT, (col + 0.5) * CELL_LON
        label = _("Område ved %(lat).3f, %(lon).3f") % {"lat": latitude, "lon": longitude}
        candidates.append((str(label), latitude, longitude))
    places = MeetingPlace.objects.all()
    if scope.municipality_ids is not None:
        places = places.filter(municipality_id__in=scope.municipality_ids)
    for name, latitude, longitude in places.values_list("name", "latitude", "longitude"):
        candidates.append((name, latitude, longitude))
    return candidates


def _top_interests(masks, count: int = 3) -> list[dict]:
    """The most shared interests among the reached citizens; only those five or more share."""
    masks = masks.astype(np.int64)
    tally = [(int(((masks >> bit) & 1).sum()), slug) for bit, slug in enumerate(INTEREST_SLUGS)]
    tally = sorted((t for t in tally if t[0] >= MIN_COUNT), reverse=True)[:count]
    return [
        {"interest": slug, "label": str(INTEREST_LABELS[slug]), "citizens": n} for n, slug in tally
    ]
