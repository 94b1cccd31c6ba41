"""The finder on the demo municipality: what `make run` shows."""

import pytest

from meetingplaces.geo import distance_km
from meetingplaces.geocoding import geocode
from meetingplaces.models import Activity
from tests.factories import load_demo

pytestmark = pytest.mark.django_db


def test_searching_4990_in_the_demo_lists_sakskobing_first(client, django_assert_max_num_queries):
    load_demo(verbosity=0)
    location = geocode("4990")
    centre = (location.latitude, location.longitude)

    # the box, the page's rows, cancelled dates, the municipalities with a calendar feed
    with django_assert_max_num_queries(4):
        response = client.get("/find/", {"near": "4990", "radius_km": 20})

    activities = list(response.context["activities"])
    assert activities, "the demo has activities within 20 km of Sakskøbing"
    distances = [a.distance_km for a in activities]
    assert distances == sorted(distances)
    nearest = min(
        (a for a in Activity.objects.filter(is_active=True).select_related("meeting_place")),
        key=lambda a: distance_km(centre, (a.meeting_place.latitude, a.meeting_place.longitude)),
    )
    assert activities[0].meeting_place_id == nearest.meeting_place_id
