"""The finder's pages through Django's test client: search, activity, meeting place."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ActivityFactory, MeetingPlaceFactory

pytestmark = pytest.mark.django_db


def test_start_page_has_one_search_box_sent_to_the_results(client):
    body = client.get("/").content.decode()
    assert 'action="/find/"' in body
    assert 'name="near"' in body
    assert "Brug min placering" in body


def test_results_list_nearest_first_without_javascript(client):
    far = MeetingPlaceFactory(name="Nykøbing", latitude=54.7690, longitude=11.8740)
    near = MeetingPlaceFactory(name="Torvet", latitude=54.7980, longitude=11.6460)
    ActivityFactory(meeting_place=far, title="Langt væk")
    ActivityFactory(meeting_place=near, title="Tæt på")

    response = client.get("/find/", {"near": "4990", "radius_km": 20})

    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Tæt på") < body.index("Langt væk")
    assert "2 aktiviteter inden for 20 km" in body
    assert 'id="map-markers"' in body


def test_results_filters_narrow_the_list(client):
    place = MeetingPlaceFactory()
    ActivityFactory(meeting_place=place, title="Tirsdagskort", weekday=1)
    ActivityFactory(meeting_place=place, title="Torsdagssang", weekday=3, category="music")
    body = client.get("/find/", {"near": "4990", "weekday": 3}).content.decode()
    assert "Torsdagssang" in body and "Tirsdagskort" not in body


def test_an_unknown_place_gets_a_clear_message(client):
    response = client.get("/find/", {"near": "Atlantis"})
    body = response.content.decode()
    assert "Vi kunne ikke finde" in body
    assert 'aria-invalid="true"' in body


def test_a_bad_filter_value_is_explained(client):
    ActivityFactory()
    body = client.get("/find/", {"near": "4990", "radius_km": "7"}).content.decode()
    assert "Afstand:" in body and "ikke en af de tilgængelige valgmuligheder" in body


def test_titles_are_escaped_in_the_list_and_the_map_data(client):
    ActivityFactory(title='<script>alert("x")</script> & kaffe')
    body = client.get("/find/", {"near": "4990"}).content.decode()
    assert '<script>alert("x")</script>' not in body
    assert "&lt;script&gt;" in body
    assert "\\u003Cscript\\u003E" in body  # json_script escapes it for the map


def test_activity_page_shows_when_where_price_and_calendar_link(client):
    today = timezone.localdate()
    place = MeetingPlaceFactory(name="Medborgerhuset", public_transport="Bus 725 til Torvet")
    activity = ActivityFactory(
        meeting_place=place, weekday=today.weekday(), price=20, contact_phone="12 34 56 78"
    )
    body = client.get(f"/aktivitet/{activity.uuid}/").content.decode()
    assert "Medborgerhuset" in body
    assert "20 kr." in body
    assert "Bus 725 til Torvet" in body
    assert "12 34 56 78" in body
    assert f"/aktivitet/{activity.uuid}.ics" in body
    assert (today + timedelta(days=7)).strftime("%Y") in body
    assert "Jeg vil gerne have nogen med" in body


def test_meeting_place_page_lists_all_its_activities(client):
    place = MeetingPlaceFactory(name="Væksthuset")
    ActivityFactory(meeting_place=place, title="Træværksted")
    ActivityFactory(meeting_place=place, title="Havehold")
    ActivityFactory(meeting_place=place, title="Nedlagt", is_active=False)
    body = client.get(f"/moedested/{place.uuid}/").content.decode()
    assert "Træværksted" in body and "Havehold" in body and "Nedlagt" not in body
    assert f"/moedested/{place.uuid}.ics" in body


def test_inactive_activity_and_unknown_ids_are_404(client):
    activity = ActivityFactory(is_active=False)
    assert client.get(f"/aktivitet/{activity.uuid}/").status_code == 404
    assert client.get(f"/aktivitet/{activity.uuid}.ics").status_code == 404
    assert client.get("/moedested/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_pages_answer_a_conditional_get_with_304(client):
    activity = ActivityFactory()
    first = client.get(f"/aktivitet/{activity.uuid}/")
    assert "max-age=60" in first["Cache-Control"]
    again = client.get(f"/aktivitet/{activity.uuid}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    ical = client.get(f"/aktivitet/{activity.uuid}.ics")
    assert "public" in ical["Cache-Control"]
    assert (
        client.get(f"/aktivitet/{activity.uuid}.ics", HTTP_IF_NONE_MATCH=ical["ETag"]).status_code
        == 304
    )


def test_pages_answer_head_as_get(client):
    activity = ActivityFactory()
    for url in ("/", "/find/?near=4990", f"/aktivitet/{activity.uuid}/"):
        response = client.head(url)
        assert response.status_code == 200, url
        assert response["ETag"]


def test_results_page_in_english(client):
    ActivityFactory()
    client.cookies["django_language"] = "en"
    body = client.get("/find/", {"near": "4990"}).content.decode()
    assert "Nearest first" in body


def test_the_results_say_where_the_search_was_made_from(client):
    ActivityFactory(meeting_place=MeetingPlaceFactory(latitude=54.7980, longitude=11.6460))
    body = client.get("/find/", {"near": "4990"}).content.decode()
    assert "Søgt fra 4990 Sakskøbing, Danmark (postnummerets midte)." in body


def test_a_shared_place_name_offers_each_place_as_a_link(client):
    body = client.get("/find/", {"near": "Hasle", "radius_km": 5}).content.decode()
    assert "Der er flere steder, der hedder “Hasle”" in body
    assert 'href="?near=Hasle+%28Aarhus%29&amp;radius_km=5"' in body
    assert 'href="?near=Hasle+%28Bornholm%29&amp;radius_km=5"' in body


def test_a_search_with_nothing_near_says_so_and_where_it_searched(client):
    body = client.get("/find/", {"near": "Hasle (Aarhus)", "radius_km": 5}).content.decode()
    assert "Søgt fra Hasle (Aarhus), Danmark (byens midte)." in body
    assert "Ingen aktiviteter passer" in body
