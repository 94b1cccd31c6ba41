"""The public activities API: filters, nearest first, 400s, pagination, query counts."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from meetingplaces.geo import distance_km
from meetingplaces.models import Activity, ActivityException
from tests.factories import (
    ActivityFactory,
    CoordinatorFactory,
    MeetingPlaceFactory,
    OrganisationFactory,
    sign_in,
)

pytestmark = pytest.mark.django_db

SAKSKOBING = (54.7971, 11.6452)


@pytest.fixture
def client():
    return APIClient()


def get(client, **params):
    return client.get("/api/v1/activities/", params, HTTP_ACCEPT_LANGUAGE="da")


@pytest.fixture
def towns():
    """Three meeting places at known distances from Sakskøbing's postcode point."""
    near = MeetingPlaceFactory(name="Torvet", latitude=54.7980, longitude=11.6460)
    middle = MeetingPlaceFactory(name="Engen", latitude=54.8200, longitude=11.6452)
    far = MeetingPlaceFactory(name="Nykøbing", latitude=54.7690, longitude=11.8740)
    return near, middle, far


def test_anyone_may_list_activities_without_logging_in(client):
    ActivityFactory(title="Kortspil")
    response = get(client)
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["results"]] == ["Kortspil"]


def test_near_a_point_sorts_nearest_first_with_distances(client, towns):
    near, middle, far = towns
    a_far = ActivityFactory(meeting_place=far, title="Langt væk")
    a_middle = ActivityFactory(meeting_place=middle, title="Midt imellem")
    a_near = ActivityFactory(meeting_place=near, title="Tæt på")

    response = get(client, near="54.7971,11.6452", radius_km=20)

    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [str(a_near.uuid), str(a_middle.uuid), str(a_far.uuid)]
    expected = distance_km(SAKSKOBING, (middle.latitude, middle.longitude))
    assert rows[1]["distance_km"] == pytest.approx(expected, abs=0.001)


def test_the_radius_leaves_out_what_is_further(client, towns):
    near, _middle, far = towns
    ActivityFactory(meeting_place=far)
    kept = ActivityFactory(meeting_place=near)
    response = get(client, near="54.7971,11.6452", radius_km=2)
    assert [row["id"] for row in response.json()["results"]] == [str(kept.uuid)]


def test_near_takes_a_postcode_through_the_geocoder(client, towns):
    near, _middle, far = towns
    ActivityFactory(meeting_place=far)
    kept = ActivityFactory(meeting_place=near)
    response = get(client, near="4990")  # default radius 5 km
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(kept.uuid)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"near": "Atlantis"}, "near"),
        ({"near": "91,11"}, "near"),
        ({"near": "4990", "radius_km": "51"}, "radius_km"),
        ({"near": "4990", "radius_km": "fem"}, "radius_km"),
        ({"category": "karate"}, "category"),
        ({"weekday": "7"}, "weekday"),
        ({"time_of_day": "night"}, "time_of_day"),
        ({"step_free": "maybe"}, "step_free"),
        ({"free": "1"}, "free"),
        ({"organisation": "not-a-uuid"}, "organisation"),
        ({"interest": "skydiving"}, "interest"),
        ({"colour": "red"}, "colour"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "²"}, "page_size"),
        ({"page_size": "1e2"}, "page_size"),
        ({"page": "99"}, "page"),
        ({"page": "²"}, "page"),
        ({"near": "50%"}, "near"),
        ({"near": "%(text)s %s"}, "near"),
        ({"near": "4990", "radius_km": "²"}, "radius_km"),
    ],
)
def test_bad_parameters_give_400_naming_the_parameter(client, params, field):
    ActivityFactory()
    response = get(client, **params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"][field][0]  # a message, not just a code


def test_unknown_parameter_message_is_translated(client):
    da = client.get("/api/v1/activities/", {"colour": "red"}, HTTP_ACCEPT_LANGUAGE="da")
    en = client.get("/api/v1/activities/", {"colour": "red"}, HTTP_ACCEPT_LANGUAGE="en")
    assert da.json()["fields"]["colour"][0].startswith("Ukendt parameter")
    assert en.json()["fields"]["colour"][0].startswith("Unknown parameter")


def test_geocoder_message_reaches_the_user(client):
    response = get(client, near="Atlantis")
    assert "Atlantis" in response.json()["fields"]["near"][0]


def test_filters_narrow_the_list(client):
    place = MeetingPlaceFactory(step_free=True)
    stairs = MeetingPlaceFactory(step_free=False)
    organisation = OrganisationFactory()
    cards = ActivityFactory(
        meeting_place=place,
        category="games",
        interests=0b10,
        weekday=1,
        start_time=time(10),
        end_time=time(12),
        price=0,
        companion_available=True,
        organisation=organisation,
        title="Kortklub",
    )
    ActivityFactory(
        meeting_place=place,
        category="music",
        interests=0b1000,
        weekday=3,
        start_time=time(19),
        end_time=time(21),
        price=25,
        title="Sangaften",
    )
    ActivityFactory(
        meeting_place=stairs,
        title="Kælderværksted",
        category="workshop",
        interests=0b10000000,
        weekday=5,
        start_time=time(13),
        end_time=time(16),
        price=10,
    )

    def ids(**params):
        response = get(client, **params)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids(category="games") == {str(cards.uuid)}
    assert ids(interest="cards") == {str(cards.uuid)}
    assert ids(weekday="1") == {str(cards.uuid)}
    assert ids(time_of_day="morning") == {str(cards.uuid)}
    assert len(ids(time_of_day="evening")) == 1
    assert ids(free="true", step_free="true") == {str(cards.uuid)}
    assert ids(companion="true") == {str(cards.uuid)}
    assert ids(organisation=str(organisation.uuid)) == {str(cards.uuid)}
    assert ids(q="kortklub") == {str(cards.uuid)}
    assert len(ids(step_free="false")) == 1
    assert len(ids(near="4990", category="games")) == 1


def test_never_shows_the_coordinator_or_volunteers(client):
    coordinator = CoordinatorFactory(username="koordinator-hanne", first_name="Hanne")
    activity = ActivityFactory(coordinator=coordinator)
    listed = get(client).content.decode()
    detail = client.get(f"/api/v1/activities/{activity.uuid}/").content.decode()
    for body in (listed, detail):
        assert "koordinator-hanne" not in body
        assert "coordinator" not in body
        assert "participants" not in body


def test_detail_has_the_next_dates_without_the_cancelled_ones(client, monkeypatch):
    today = timezone.localdate()
    # Before today's meeting (10-12) ends, so today's still counts.
    morning = datetime.combine(today, time(8), tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: morning)
    activity = ActivityFactory(weekday=today.weekday())
    # The first two meetings from today on: today and in a week; the second is cancelled.
    ActivityException.objects.create(activity=activity, date=today + timedelta(days=7))
    body = client.get(f"/api/v1/activities/{activity.uuid}/").json()
    expected = [today + timedelta(days=7 * n) for n in (0, 2, 3, 4, 5)]
    assert body["next_dates"] == [day.isoformat() for day in expected]
    assert body["cancelled_dates"] == [(today + timedelta(days=7)).isoformat()]
    assert body["ical_url"].endswith(f"/aktivitet/{activity.uuid}.ics")


def test_unknown_or_malformed_ids_are_404(client):
    assert client.get("/api/v1/activities/not-an-id/").status_code == 404
    missing = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/api/v1/activities/{missing}/").status_code == 404
    assert client.get(f"/api/v1/meeting-places/{missing}/").status_code == 404


def test_inactive_activities_are_not_found(client):
    activity = ActivityFactory(is_active=False)
    assert client.get(f"/api/v1/activities/{activity.uuid}/").status_code == 404
    assert get(client).json()["count"] == 0


def test_pages_of_twenty_with_a_page_size_up_to_100(client):
    place = MeetingPlaceFactory()
    for n in range(25):
        ActivityFactory(meeting_place=place, title=f"Hold {n:02d}")
    first = get(client, near="4990").json()
    assert first["count"] == 25 and len(first["results"]) == 20
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})
    assert len(get(client, page_size=25).json()["results"]) == 25


@pytest.mark.parametrize("near", [None, "4990"])
def test_list_queries_do_not_grow_with_the_page_size(client, django_assert_max_num_queries, near):
    for n in range(40):
        place = MeetingPlaceFactory(latitude=54.79 + n * 0.0005)
        activity = ActivityFactory(meeting_place=place)
        ActivityException.objects.create(
            activity=activity, date=timezone.localdate() + timedelta(days=3)
        )
    params = {"page_size": 40}
    if near:
        params["near"] = near
    # count, rows (with place and organisation), exceptions; with near: the box's ids and
    # locations instead of the count
    with django_assert_max_num_queries(3):
        response = get(client, **params)
    assert len(response.json()["results"]) == 40


def test_a_conditional_get_gets_304(client):
    ActivityFactory()
    first = get(client, near="4990")
    assert set(first["Cache-Control"].split(", ")) == {"max-age=60", "public"}
    etag = first["ETag"]
    again = client.get(
        "/api/v1/activities/", {"near": "4990"}, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="da"
    )
    assert again.status_code == 304
    ActivityFactory(title="Ny aktivitet")
    changed = client.get(
        "/api/v1/activities/", {"near": "4990"}, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="da"
    )
    assert changed.status_code == 200


def test_the_schema_documents_the_filters(client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("schema-reader", password="x-long-password-1")
    sign_in(client, user)
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/activities/"]["get"]["parameters"]}
    assert {
        "near",
        "radius_km",
        "category",
        "interest",
        "weekday",
        "time_of_day",
        "step_free",
        "free",
        "companion",
        "organisation",
        "q",
        "page",
        "page_size",
    } <= parameters
    assert "/api/v1/meeting-places/{uuid}/" in schema["paths"]


def test_list_rows_equal_the_detail_for_every_shared_field(client):
    # The list builds its rows by hand for speed; the detail goes through DRF's fields.
    place = MeetingPlaceFactory(latitude=54.8, longitude=11.64)
    activity = ActivityFactory(
        meeting_place=place, price="12.50", interests=0b1011, companion_available=True
    )
    ActivityException.objects.create(activity=activity, date=timezone.localdate())
    for language in ("da", "en"):
        row = client.get(
            "/api/v1/activities/", {"near": "4990"}, HTTP_ACCEPT_LANGUAGE=language
        ).json()["results"][0]
        detail = client.get(activity_url := row["url"], HTTP_ACCEPT_LANGUAGE=language).json()
        assert activity_url.endswith(f"/api/v1/activities/{activity.uuid}/")
        shared = set(row) - {"distance_km"}
        assert {key: row[key] for key in shared} == {key: detail[key] for key in shared}
        assert row["distance_km"] > 0 and detail["distance_km"] is None
    assert row["weekday_label"] == "Tuesday"


def make_search_with_cancellations(count=30):
    today = timezone.localdate()
    for n in range(count):
        place = MeetingPlaceFactory(latitude=SAKSKOBING[0] + n * 0.001, longitude=SAKSKOBING[1])
        activity = ActivityFactory(meeting_place=place, weekday=(today.weekday() + 1) % 7)
        if n % 3 == 0:  # its next date is cancelled: the list shows the one after
            ActivityException.objects.create(activity=activity, date=today + timedelta(days=1))


def test_a_search_costs_two_queries_however_many_rows_it_finds(client, django_assert_num_queries):
    # The box's ids and locations, and the page's rows; a third only for the cancelled
    # dates of a page that has any.
    for n in range(30):
        ActivityFactory(meeting_place=MeetingPlaceFactory(latitude=54.79 + n * 0.0005))
    with django_assert_num_queries(2):
        response = get(client, near="4990", page_size=30)
    assert response.json()["count"] == 30
    ActivityException.objects.create(
        activity=Activity.objects.first(), date=timezone.localdate() + timedelta(days=3)
    )
    with django_assert_num_queries(3):
        get(client, near="4990", page_size=30)


def test_pages_of_a_search_follow_each_other_nearest_first(client):
    make_search_with_cancellations()
    pages = [get(client, near="4990", page=page).json() for page in (1, 2)]
    assert pages[0]["count"] == 30 and len(pages[1]["results"]) == 10
    distances = [row["distance_km"] for page in pages for row in page["results"]]
    assert distances == sorted(distances)
    tomorrow = timezone.localdate() + timedelta(days=1)
    next_dates = {row["next_date"] for page in pages for row in page["results"]}
    assert next_dates == {tomorrow.isoformat(), (tomorrow + timedelta(days=7)).isoformat()}


def test_cancelled_next_dates_are_skipped(client):
    make_search_with_cancellations(count=12)
    tomorrow = timezone.localdate() + timedelta(days=1)
    rows = get(client, near="4990", page_size=12).json()["results"]
    # Nearest first: every third is the one with tomorrow cancelled.
    assert [row["next_date"] for row in rows] == [
        (tomorrow + timedelta(days=7 if n % 3 == 0 else 0)).isoformat() for n in range(12)
    ]
