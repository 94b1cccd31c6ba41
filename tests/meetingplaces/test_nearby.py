"""Nearby search against a brute-force oracle: geopy's geodesic over every row."""

from itertools import pairwise

from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from meetingplaces.geo import bounding_box, distance_km, fast_distance_km
from meetingplaces.selectors import ActivityFilters, activities_near, meeting_places_near
from tests.factories import ActivityFactory, MeetingPlaceFactory

latitudes = st.floats(min_value=-80, max_value=80, allow_nan=False)
danish_latitudes = st.floats(min_value=54.5, max_value=57.8, allow_nan=False)
longitudes = st.floats(min_value=-170, max_value=170, allow_nan=False)
danish_longitudes = st.floats(min_value=8.0, max_value=12.7, allow_nan=False)
azimuths = st.floats(min_value=0, max_value=360, allow_nan=False)
radii = st.floats(min_value=0.1, max_value=50, allow_nan=False)


def destination(origin, km, azimuth):
    point = geodesic(kilometers=km).destination(origin, azimuth)
    return point.latitude, point.longitude


@settings(max_examples=500, deadline=None)
@given(latitudes, longitudes, st.floats(min_value=0, max_value=50), azimuths)
def test_fast_distance_agrees_with_geodesic_within_a_centimetre_up_to_50_km(
    latitude, longitude, km, azimuth
):
    origin = (latitude, longitude)
    other = destination(origin, km, azimuth)
    assert abs(fast_distance_km(origin, other) - distance_km(origin, other)) < 0.00001


@settings(max_examples=500, deadline=None)
@given(latitudes, longitudes, radii, azimuths, st.floats(min_value=0, max_value=1))
def test_the_box_holds_every_point_of_the_circle_up_to_its_edge(
    latitude, longitude, radius, azimuth, fraction
):
    box = bounding_box((latitude, longitude), radius)
    inside = destination((latitude, longitude), radius * fraction, azimuth)
    edge = destination((latitude, longitude), radius, azimuth)
    for point_latitude, point_longitude in (inside, edge):
        assert box.south <= point_latitude <= box.north
        assert box.west <= point_longitude <= box.east


@settings(max_examples=300, deadline=None)
@given(danish_latitudes, danish_longitudes, radii)
def test_the_box_is_tight_its_corners_lie_outside_the_circle(latitude, longitude, radius):
    # The box is a filter, not the answer: its corners are further than the radius, and
    # its edge midpoints are not much further (it does not fetch a needlessly big area).
    box = bounding_box((latitude, longitude), radius)
    centre = (latitude, longitude)
    for corner in [(box.south, box.west), (box.south, box.east), (box.north, box.west)]:
        assert distance_km(centre, corner) > radius
    assert distance_km(centre, (box.north, longitude)) < radius * 1.01 + 0.001
    assert distance_km(centre, (latitude, box.east)) < radius * 1.03 + 0.001


class NearbySearchTests(TestCase):
    """Every row within the radius is found, in geodesic order, and no row outside it."""

    @settings(max_examples=25, deadline=None)
    @given(
        centre=st.tuples(danish_latitudes, danish_longitudes),
        radius=radii,
        places=st.lists(
            st.tuples(st.floats(min_value=0, max_value=1.6), azimuths), min_size=1, max_size=15
        ),
    )
    def test_activities_near_match_the_geodesic_oracle(self, centre, radius, places):
        # Places between 0 and 1.6 radii away, many near the radius edge and in the box's
        # corners (at 1.0-1.42 radii on the diagonals).
        by_pk = {}
        for i, (fraction, azimuth) in enumerate(places):
            latitude, longitude = destination(centre, radius * fraction, azimuth)
            place = MeetingPlaceFactory(name=f"Sted {i}", latitude=latitude, longitude=longitude)
            activity = ActivityFactory(meeting_place=place)
            by_pk[activity.pk] = distance_km(centre, (latitude, longitude))
        # Rows within a millimetre of the edge could honestly go either way.
        doubtful = {pk for pk, d in by_pk.items() if abs(d - radius) < 1e-6}

        found = list(activities_near(point=centre, radius_km=radius))

        expected = sorted((d, pk) for pk, d in by_pk.items() if d <= radius)
        self.assertEqual({a.pk for a in found} - doubtful, {pk for _d, pk in expected} - doubtful)
        # Nearest first, by the oracle's distances (ties within a millimetre either way).
        oracle_order = [by_pk[a.pk] for a in found]
        for nearer, further in pairwise(oracle_order):
            self.assertLessEqual(nearer, further + 1e-6)
        for activity in found:
            self.assertAlmostEqual(activity.distance_km, by_pk[activity.pk], delta=0.00001)

    @settings(max_examples=20, deadline=None)
    @given(
        centre=st.tuples(danish_latitudes, danish_longitudes),
        radius=radii,
        corner=st.sampled_from([45, 135, 225, 315]),
        fraction=st.floats(min_value=0.98, max_value=1.02),
    )
    def test_meeting_places_at_the_box_corners_and_the_edge(self, centre, radius, corner, fraction):
        latitude, longitude = destination(centre, radius * fraction, corner)
        place = MeetingPlaceFactory(latitude=latitude, longitude=longitude)
        oracle = distance_km(centre, (latitude, longitude))

        found = list(meeting_places_near(point=centre, radius_km=radius))

        if abs(oracle - radius) >= 1e-6:
            self.assertEqual([p.pk for p in found], [place.pk] if oracle <= radius else [])

    def test_filters_narrow_a_nearby_search(self):
        place = MeetingPlaceFactory(latitude=54.80, longitude=11.65, step_free=False)
        cards = ActivityFactory(meeting_place=place, category="games", weekday=1)
        ActivityFactory(meeting_place=place, category="music", weekday=3)
        found = activities_near(
            point=(54.80, 11.64), radius_km=5, filters=ActivityFilters(weekdays=(1,))
        )
        self.assertEqual([a.pk for a in found], [cards.pk])
        found = activities_near(
            point=(54.80, 11.64), radius_km=5, filters=ActivityFilters(step_free=True)
        )
        self.assertEqual(list(found), [])

    def test_inactive_activities_are_not_found(self):
        ActivityFactory(is_active=False)
        self.assertEqual(len(activities_near(point=(54.7971, 11.6452), radius_km=1)), 0)
