"""Distances on the Earth. geopy's geodesic is the reference for every distance we show."""

from geopy.distance import geodesic

Point = tuple[float, float]


def distance_km(a: Point, b: Point) -> float:
    """The geodesic (WGS84) distance between two (latitude, longitude) points, in km."""
    return geodesic(a, b).km


def round_location(latitude: float, longitude: float) -> Point:
    """A location rounded to about 100 m, the precision we keep of a citizen's home."""
    return round(latitude, 3), round(longitude, 3)
