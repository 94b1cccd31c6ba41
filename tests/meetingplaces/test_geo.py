"""The engine's cheap distance stays well inside the margin every ranking allows for."""

from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingplaces.geo import APPROXIMATION_MARGIN, approximate_km

# Around Guldborgsund: a few kilometres either way, as home care works.
latitudes = st.floats(54.797 - 0.15, 54.797 + 0.15)
longitudes = st.floats(11.645 - 0.25, 11.645 + 0.25)
danish_latitudes = st.floats(54.5, 57.8)
danish_longitudes = st.floats(8.0, 12.7)


@settings(max_examples=200, deadline=None)
@given(latitudes, longitudes, latitudes, longitudes)
def test_approximate_distance_is_well_inside_its_margin_near_home(lat1, lon1, lat2, lon2):
    exact = geodesic((lat1, lon1), (lat2, lon2)).km
    approx = approximate_km(lat1, lon1, lat2, lon2)
    assert abs(approx - exact) <= exact * APPROXIMATION_MARGIN / 5 + 1e-9


@settings(max_examples=200, deadline=None)
@given(danish_latitudes, danish_longitudes, st.floats(0, 50), st.floats(0, 360))
def test_approximate_distance_is_well_inside_its_margin_up_to_50_km_over_denmark(
    latitude, longitude, km, azimuth
):
    point = geodesic(kilometers=km).destination((latitude, longitude), azimuth)
    exact = geodesic((latitude, longitude), (point.latitude, point.longitude)).km
    approx = approximate_km(latitude, longitude, point.latitude, point.longitude)
    assert abs(approx - exact) <= exact * APPROXIMATION_MARGIN / 5 + 1e-9
