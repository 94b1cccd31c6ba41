"""Every HSDS response matches the official HSDS 3.0 schema with no property it does not
declare: on the demo municipality (every object), and on a generated municipality of
2,000 activities (every page of every list, and the NDJSON stream)."""

import json

import pytest

from matching.demo import load_citizens
from meetingplaces.demo import load_places
from meetingplaces.models import Activity, Organisation
from meetingplaces.open_data import published_activities, published_organisations
from meetingplaces.taxonomy import TAXONOMIES, terms

from .conftest import GENERATED_ACTIVITIES
from .validation import validate

pytestmark = pytest.mark.django_db

BASE = "/api/v1/hsds"
LISTS = {
    "services": "services",
    "organizations": "organizations",
    "service_at_locations": "service_at_locations",
    "taxonomies": "taxonomies",
    "taxonomy_terms": "taxonomy_terms",
}


def get_json(client, path, **params):
    response = client.get(f"{BASE}{path}", params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def all_pages(client, path, *, per_page, counter):
    """Every page of a list, each validated; the items of all pages."""
    items, number = [], 1
    while True:
        page = get_json(client, path, page=number, per_page=per_page)
        validate(path.strip("/"), page)
        counter[path] = counter.get(path, 0) + 1
        items += page["contents"]
        if page["last_page"]:
            return items
        number += 1


def validate_everything(client, *, per_page) -> dict:
    """Validates the info object, every list page and every object's detail."""
    counter: dict = {}
    validate("info", get_json(client, "/"))
    for path in LISTS:
        all_pages(client, f"/{path}", per_page=per_page, counter=counter)
    return counter


@pytest.fixture
def demo():
    demo = load_places()
    load_citizens(demo)  # citizens exist, and must not show
    return demo


def test_demo_municipality_every_response_matches_hsds(client, demo):
    counts = validate_everything(client, per_page=7)
    assert counts["/services"] == -(-published_activities().count() // 7)

    for activity in published_activities():
        service = get_json(client, f"/services/{activity.uuid}")
        validate("service", service)
        location_id = service["service_at_locations"][0]["id"]
        validate("service_at_location", get_json(client, f"/service_at_locations/{location_id}"))
    for organisation in published_organisations():
        validate("organization", get_json(client, f"/organizations/{organisation.uuid}"))
    for taxonomy in TAXONOMIES:
        validate("taxonomy", get_json(client, f"/taxonomies/{taxonomy.id}"))
    for term in terms():
        validate("taxonomy_term", get_json(client, f"/taxonomy_terms/{term.id}"))


def test_demo_feed_names_no_person(client, demo):
    """Coordinators, contact persons, volunteers and citizens are not public."""
    everything = json.dumps(
        [get_json(client, f"/services/{a.uuid}") for a in published_activities()]
        + [get_json(client, f"/organizations/{o.uuid}") for o in Organisation.objects.all()],
        ensure_ascii=False,
    )
    people = {a.contact_name for a in Activity.objects.all()} | {
        a.coordinator.get_full_name() for a in Activity.objects.exclude(coordinator=None)
    }
    assert people and not [name for name in people if name in everything]
    assert not {a.contact_phone for a in Activity.objects.all()} & set(everything.split('"'))


def test_generated_municipality_every_page_matches_hsds(client, generated_municipality):
    counts = validate_everything(client, per_page=100)

    published = GENERATED_ACTIVITIES - GENERATED_ACTIVITIES // 50
    assert counts["/services"] == counts["/service_at_locations"] == -(-published // 100)
    assert counts["/organizations"] == 1


def test_generated_municipality_every_service_detail_matches_hsds(client, generated_municipality):
    for activity in published_activities()[::10]:
        validate("service", get_json(client, f"/services/{activity.uuid}"))


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/services", "service_list_item"),
        ("/service_at_locations", "service_at_location_list_item"),
    ],
)
def test_ndjson_streams_every_published_service_as_one_object_a_line(
    client, generated_municipality, path, kind
):
    response = client.get(f"{BASE}{path}", {"format": "ndjson"})

    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == published_activities().count()
    for line in lines:
        validate(kind, json.loads(line))
