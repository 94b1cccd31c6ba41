"""The HSDS API's behaviour: what it publishes, its filters, pages, ids and query counts."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from api.hsds.representations import service_at_location_id
from meetingplaces.models import Activity
from meetingplaces.taxonomy import CATEGORIES, INTERESTS, Term
from tests.factories import ActivityFactory, MeetingPlaceFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/hsds"


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["contents"]]


def test_info_says_which_hsds_version_and_where_its_definition_is(client):
    body = client.get(f"{BASE}/").json()
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/3.0/schema/openapi.json")


def test_only_active_activities_are_published(client):
    shown = ActivityFactory()
    hidden = ActivityFactory(is_active=False)

    assert ids(client.get(f"{BASE}/services")) == [str(shown.uuid)]
    assert client.get(f"{BASE}/services/{hidden.uuid}").status_code == 404


@pytest.mark.parametrize("bad_id", ["not-a-uuid", str(uuid.uuid4())])
def test_an_unknown_or_malformed_id_is_404(client, bad_id):
    for path in ("services", "organizations", "service_at_locations", "taxonomy_terms"):
        assert client.get(f"{BASE}/{path}/{bad_id}").status_code == 404


def test_service_at_location_is_reached_by_the_id_the_service_gives(client):
    activity = ActivityFactory()
    service = client.get(f"{BASE}/services/{activity.uuid}").json()
    at_location = service["service_at_locations"][0]

    assert at_location["id"] == str(service_at_location_id(activity.uuid)) != str(activity.uuid)
    found = client.get(f"{BASE}/service_at_locations/{at_location['id']}").json()
    assert found["service"]["id"] == str(activity.uuid)
    assert found["location"]["id"] == str(activity.meeting_place.uuid)


def test_the_weekly_meeting_is_an_hsds_schedule_with_its_cancellations_in_the_notes(client):
    activity = ActivityFactory(weekday=1)
    cancelled = timezone.localdate() + timedelta(days=14)
    activity.exceptions.create(date=cancelled)

    schedule = client.get(f"{BASE}/services/{activity.uuid}").json()["schedules"][0]

    assert schedule["freq"] == "WEEKLY" and schedule["byday"] == "TU"
    assert (schedule["opens_at"], schedule["closes_at"]) == ("10:00", "12:00")
    assert cancelled.strftime("%d.%m.%Y") in schedule["notes"]


def test_pages_follow_the_hsds_page_object(client):
    ActivityFactory.create_batch(5)
    page = client.get(f"{BASE}/services", {"per_page": 2, "page": 3}).json()
    assert {k: v for k, v in page.items() if k != "contents"} == {
        "total_items": 5,
        "total_pages": 3,
        "page_number": 3,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
    }


def test_an_empty_result_is_one_empty_page(client):
    page = client.get(f"{BASE}/services").json()
    assert (page["total_items"], page["total_pages"], page["empty"], page["contents"]) == (
        0,
        0,
        True,
        [],
    )


@pytest.mark.parametrize(
    "params",
    [
        {"per_page": 0},
        {"per_page": 101},
        {"page": 0},
        {"page": 2},
        {"unknown": 1},
        {"organization_id": "x"},
        {"modified_after": "yesterday"},
        {"proximity": 1000},
        {"postcode": "49"},
        {"postcode": "0001", "proximity": 100},
        {"format": "xml"},
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, params):
    response = client.get(f"{BASE}/services", params)
    assert response.status_code == 400
    assert set(response.json()["fields"]) & {*params, "proximity", "postcode"}


def test_search_finds_words_in_title_description_and_place(client):
    cards = ActivityFactory(title="Kortspil")
    ActivityFactory(title="Strikkecafé")
    assert ids(client.get(f"{BASE}/services", {"search": "kort"})) == [str(cards.uuid)]


def test_organization_id_narrows_to_its_services(client):
    mine = ActivityFactory()
    ActivityFactory()
    params = {"organization_id": str(mine.organisation.uuid)}
    assert ids(client.get(f"{BASE}/services", params)) == [str(mine.uuid)]


def test_modified_after_shows_what_changed_since(client):
    old = ActivityFactory()
    new = ActivityFactory()
    moment = timezone.now() - timedelta(hours=1)
    Activity.objects.filter(pk=old.pk).update(updated_at=moment - timedelta(days=1))
    type(old.meeting_place).objects.filter(pk=old.meeting_place.pk).update(updated_at=moment)
    type(old.organisation).objects.filter(pk=old.organisation.pk).update(updated_at=moment)

    params = {"modified_after": (moment + timedelta(minutes=1)).isoformat()}
    assert ids(client.get(f"{BASE}/services", params)) == [str(new.uuid)]


def test_taxonomy_term_id_finds_services_with_that_interest_or_category(client):
    cards = ActivityFactory(interests=0b10, category="games")  # bit 1: cards
    ActivityFactory(interests=0b1, category="community")

    for term in (Term(INTERESTS, "cards", ""), Term(CATEGORIES, "games", "")):
        params = {"taxonomy_term_id": str(term.id)}
        assert ids(client.get(f"{BASE}/services", params)) == [str(cards.uuid)]
    unknown = {"taxonomy_term_id": str(uuid.uuid4())}
    assert ids(client.get(f"{BASE}/services", unknown)) == []


def test_postcode_and_proximity_find_places_within_metres_of_the_postcode(client):
    # 4990 Sakskøbing's postcode point is 54.7971, 11.6452.
    near = ActivityFactory(meeting_place=MeetingPlaceFactory(latitude=54.80, longitude=11.645))
    far = ActivityFactory(
        meeting_place=MeetingPlaceFactory(postcode="4800", latitude=54.77, longitude=11.87)
    )

    within = {"postcode": "4990", "proximity": 2000}
    assert ids(client.get(f"{BASE}/service_at_locations", within)) == [
        str(service_at_location_id(near.uuid))
    ]
    assert ids(client.get(f"{BASE}/services", {"postcode": "4800"})) == [str(far.uuid)]


def test_taxonomy_terms_have_ids_that_do_not_change():
    assert str(Term(INTERESTS, "coffee", "").id) == str(
        uuid.uuid5(uuid.UUID("ad4f5397-c4d6-419d-9637-668a22b1d8e7"), "samvaer-interests/coffee")
    )


def test_taxonomy_terms_can_be_listed_per_taxonomy(client):
    page = client.get(f"{BASE}/taxonomy_terms", {"taxonomy_id": str(INTERESTS.id), "per_page": 100})
    codes = {term["code"] for term in page.json()["contents"]}
    assert "coffee" in codes and "games" not in codes


def test_organizations_are_those_that_run_or_host_something(client):
    runs = ActivityFactory().organisation
    hosts = OrganisationFactory()
    MeetingPlaceFactory(host=hosts)
    OrganisationFactory()  # neither

    assert set(ids(client.get(f"{BASE}/organizations"))) == {str(runs.uuid), str(hosts.uuid)}


def test_public_responses_may_be_cached_by_anyone(client):
    ActivityFactory()
    response = client.get(f"{BASE}/services")
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["services", "service_at_locations", "organizations"])
def test_a_list_page_takes_the_same_queries_for_one_row_or_a_hundred(
    client, path, django_assert_num_queries
):
    ActivityFactory()
    # the count, then the page with its place, municipality and organisation joined
    with django_assert_num_queries(2):
        client.get(f"{BASE}/{path}", {"per_page": 100})
    ActivityFactory.create_batch(60)
    with django_assert_num_queries(2):
        response = client.get(f"{BASE}/{path}", {"per_page": 100})
    assert response.json()["size"] >= 61 if path != "organizations" else True


def test_a_service_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    activity = ActivityFactory()
    # the activity with its place, municipality and organisation; its cancellations
    with django_assert_num_queries(2):
        client.get(f"{BASE}/services/{activity.uuid}")
