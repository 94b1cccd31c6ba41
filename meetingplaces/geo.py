"""Distances on the Earth. geopy's geodesic is the reference for every distance we show.

geopy's geodesic (Karney's algorithm) costs tens of microseconds a call: right as the
reference, too slow per row of a search. A nearby search therefore asks the database for
the rows inside a bounding box (one composite latitude/longitude index answers it) and
measures only those with `fast_distance_km`, a closed formula on the same WGS84 ellipsoid
that agrees with the geodesic to within a few millimetres up to 50 km (tested).

The matching engine ranks with `approximate_km`, cheaper still and within a stated margin,
and orders database rows by a key built from `km_per_degree_min`: every distance formula
and every box of the project is in this module.
"""

import math
import re
from dataclasses import dataclass

from geopy.distance import geodesic

Point = tuple[float, float]

# WGS84, as geopy's geodesic uses it.
_A = 6378.137  # equatorial radius, km
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)  # first eccentricity squared
_B = _A * (1 - _F)  # polar radius, km
# Half a metre of slack on every side of the box: floating point never drops an edge row.
_BOX_SLACK_KM = 0.0005

# `approximate_km` stays within 0.1 % of the geodesic for the distances we rank (up to
# 50 km, away from the poles; tests/meetingplaces/test_geo.py checks it over Denmark). The
# margin is five times that, so no rule or ranking that allows for it depends on it.
APPROXIMATION_MARGIN = 0.005
# Below a millimetre the relative margin means nothing (geodesic itself is not that exact
# there): lower bounds of a distance also give up this much, absolutely.
APPROXIMATION_SLACK_KM = 1e-6


def distance_km(a: Point, b: Point) -> float:
    """The geodesic (WGS84) distance between two (latitude, longitude) points, in km."""
    return geodesic(a, b).km


def round_location(latitude: float, longitude: float) -> Point:
    """A location rounded to about 100 m, the precision we keep of a citizen's home."""
    return round(latitude, 3), round(longitude, 3)


def _to_ecef(latitude: float, longitude: float) -> tuple[float, float, float]:
    phi, lam = math.radians(latitude), math.radians(longitude)
    sin_phi, cos_phi = math.sin(phi), math.cos(phi)
    n = _A / math.sqrt(1 - _E2 * sin_phi * sin_phi)
    return n * cos_phi * math.cos(lam), n * cos_phi * math.sin(lam), n * (1 - _E2) * sin_phi


class DistanceFrom:
    """Fast distances from one fixed point to many others.

    The straight chord between the two points on the WGS84 ellipsoid, lengthened to the
    arc: s = c + c³ / (24 R²), with R the Gaussian radius of curvature at the mid
    latitude. The next term of the series is of order c⁵/R⁴ (micrometres at 50 km), and
    R's dependence on the direction changes the correction by about half a percent, so
    under 50 km the result stays within millimetres of the geodesic.
    """

    def __init__(self, origin: Point):
        self.origin = origin
        self._x, self._y, self._z = _to_ecef(*origin)

    def km(self, latitude: float, longitude: float) -> float:
        x, y, z = _to_ecef(latitude, longitude)
        dx, dy, dz = x - self._x, y - self._y, z - self._z
        chord_sq = dx * dx + dy * dy + dz * dz
        sin_mid = math.sin(math.radians((latitude + self.origin[0]) / 2))
        w_sq = 1 - _E2 * sin_mid * sin_mid
        # Gaussian curvature radius sqrt(M N) = a sqrt(1 - e²) / (1 - e² sin² φ).
        radius = _A * math.sqrt(1 - _E2) / w_sq
        chord = math.sqrt(chord_sq)
        return chord + chord * chord_sq / (24 * radius * radius)


def ecef_km(latitudes, longitudes):
    """Earth-centred coordinates (km) of many points at once, for `distances_km`."""
    import numpy as np  # only the batch run measures many points at once

    phi, lam = np.radians(latitudes), np.radians(longitudes)
    sin_phi, cos_phi = np.sin(phi), np.cos(phi)
    n = _A / np.sqrt(1 - _E2 * sin_phi * sin_phi)
    return np.stack([n * cos_phi * np.cos(lam), n * cos_phi * np.sin(lam), n * (1 - _E2) * sin_phi])


def distances_km(origin: Point, ecef):
    """`DistanceFrom(origin).km` for many points at once, `ecef` from `ecef_km`.

    The arc correction takes the curvature radius at the origin instead of at each
    midpoint: the correction is about a millimetre at 10 km, and the radius changes by a
    hundred-thousandth over such a distance, so the result is the same to a micrometre.
    """
    import numpy as np

    x0, y0, z0 = _to_ecef(*origin)
    dx, dy, dz = ecef[0] - x0, ecef[1] - y0, ecef[2] - z0
    chord_sq = dx * dx + dy * dy + dz * dz
    sin_phi = math.sin(math.radians(origin[0]))
    w_sq = 1 - _E2 * sin_phi * sin_phi
    radius_sq = (_A * _A * (1 - _E2)) / (w_sq * w_sq)
    chord = np.sqrt(chord_sq)
    return chord * (1 + chord_sq / (24 * radius_sq))


def fast_distance_km(a: Point, b: Point) -> float:
    """The distance between two points, within millimetres of geodesic up to 50 km."""
    return DistanceFrom(a).km(*b)


def approximate_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance by the radii of curvature at the mean latitude (an ellipsoidal flat map),
    within APPROXIMATION_MARGIN of the geodesic up to 50 km."""
    mean = math.radians((lat1 + lat2) / 2)
    s = math.sin(mean)
    w = 1.0 - _E2 * s * s
    meridian = _A * (1.0 - _E2) / (w * math.sqrt(w))
    normal = _A / math.sqrt(w)
    dy = meridian * math.radians(lat2 - lat1)
    dx = normal * math.cos(mean) * math.radians(lon2 - lon1)
    return math.hypot(dx, dy)


def km_per_degree_min(box: "Box") -> tuple[float, float]:
    """(km per degree of latitude, km per degree of longitude), each the smallest a degree
    gets anywhere in the box: a key scaled by them never overstates a distance there."""
    poleward = min(89.9, max(abs(box.south), abs(box.north)))
    meridian_min = _A * (1 - _E2)  # the meridian's curvature radius at its smallest
    return math.radians(meridian_min), math.radians(_B * math.cos(math.radians(poleward)))


@dataclass(frozen=True)
class Box:
    """A latitude/longitude rectangle that holds every point within a radius of a centre."""

    south: float
    north: float
    west: float
    east: float


def bounding_box(centre: Point, radius_km: float) -> Box:
    """The smallest latitude/longitude rectangle sure to hold the circle around centre.

    North and south: the meridian arc at the smallest curvature radius (the equator's
    M = a(1-e²)) over-estimates the latitude span a little, which is safe. East and west:
    the circle's widest longitude span is reached poleward of the centre; we take the
    parallel at the box's poleward edge, where a degree of longitude is shortest.
    """
    latitude, longitude = centre
    radius = radius_km + _BOX_SLACK_KM
    meridian_min = _A * (1 - _E2)  # km per radian of latitude, at its smallest
    dlat = math.degrees(radius / meridian_min)
    south, north = latitude - dlat, latitude + dlat
    poleward = max(abs(south), abs(north))
    if poleward >= 89.9:
        return Box(south=max(south, -90), north=min(north, 90), west=-180, east=180)
    # Parallel radius N cos φ at the poleward edge, with N at its smallest (a, at the equator).
    parallel = _B * math.cos(math.radians(poleward))
    dlon = math.degrees(math.asin(min(1.0, radius / parallel))) if radius < parallel else 180
    return Box(
        south=max(south, -90),
        north=min(north, 90),
        west=max(longitude - dlon, -180),
        east=min(longitude + dlon, 180),
    )


# "54.79,11.64", "54.79, 11.64" or "54.79 11.64"; with decimal commas "54,79 11,64" or
# "54,79; 11,64" (a comma between two comma-decimals needs a space after it).
_LAT_LON = (
    re.compile(r"^(-?\d{1,2}(?:\.\d+)?)\s*[,;]\s*(-?\d{1,3}(?:\.\d+)?)$"),
    re.compile(r"^(-?\d{1,2}\.\d+)\s+(-?\d{1,3}\.\d+)$"),
    re.compile(r"^(-?\d{1,2},\d+)(?:\s*;\s*|\s+|,\s+)(-?\d{1,3},\d+)$"),
)


def parse_lat_lon(text: str) -> Point | None:
    """'54.79,11.64' (or with decimal commas, '54,79 11,64') as a point; None when the text
    is not a pair of numbers.

    Raises ValueError when it is two numbers but not a place on Earth.
    """
    text = " ".join((text or "").split())
    for pattern in _LAT_LON:
        match = pattern.match(text)
        if match:
            break
    else:
        return None
    latitude, longitude = (float(group.replace(",", ".")) for group in match.groups())
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError("out of range")
    return latitude, longitude


def distance_matrix_km(origins, latitudes, longitudes):
    """`DistanceFrom(origin).km(point)` for every origin (rows) and point (columns) at once.

    The same formula, with numpy arrays: a report measures thousands of citizens against
    hundreds of places in one step. origins: a sequence of (latitude, longitude). The sine
    of each pair's middle latitude comes from the halves' sines and cosines (the angle-sum
    identity): two products per pair instead of a sine.
    """
    import numpy as np

    origins = np.asarray(origins, float).reshape(-1, 2)
    lat_o, lon_o = origins[:, 0], origins[:, 1]
    lat_p, lon_p = np.asarray(latitudes, float), np.asarray(longitudes, float)
    # In place, one matrix at a time: the work is in memory traffic, not arithmetic.
    chord_sq = np.zeros((len(lat_o), len(lat_p)))
    for o, p in zip(_ecef_many(lat_o, lon_o), _ecef_many(lat_p, lon_p), strict=True):
        step = np.subtract.outer(o, p)
        step *= step
        chord_sq += step
    half_o, half_p = np.radians(lat_o) / 2, np.radians(lat_p) / 2
    # 1 - e² sin²(mid), so that the curvature radius is a·sqrt(1 - e²) / it.
    flattening = np.outer(np.sin(half_o), np.cos(half_p))
    flattening += np.outer(np.cos(half_o), np.sin(half_p))
    flattening *= flattening
    flattening *= -_E2
    flattening += 1.0
    chord = np.sqrt(chord_sq)
    # chord + chord³ / (24 radius²)
    flattening *= flattening
    flattening *= chord_sq
    flattening *= chord
    flattening /= 24 * _A * _A * (1 - _E2)
    flattening += chord
    return flattening


def _ecef_many(latitudes, longitudes):
    import numpy as np

    phi, lam = np.radians(latitudes), np.radians(longitudes)
    sin_phi, cos_phi = np.sin(phi), np.cos(phi)
    n = _A / np.sqrt(1 - _E2 * sin_phi * sin_phi)
    return n * cos_phi * np.cos(lam), n * cos_phi * np.sin(lam), n * (1 - _E2) * sin_phi
