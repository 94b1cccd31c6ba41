"""The entries API: a coordinator's organisation's activities and meeting places through
the same services as the pages; another organisation's entry is 404."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetingplaces.models import Activity, ActivityException, MeetingPlace
from tests.factories import ActivityFactory, MeetingPlaceFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/entries/activities/"


def _new(organisation, place, **changes) -> dict:
    return {
        "organisation": str(organisation.uuid),
        "meeting_place": str(place.uuid),
        "title": "Sangaften",
        "category": "music",
        "interests": ["singing"],
        "recurrence": "RRULE:FREQ=MONTHLY;BYDAY=-1TH",
        "start_time": "19:00",
        "end_time": "21:00",
        "capacity": 30,
        **changes,
    }


def test_a_coordinator_creates_an_activity_on_the_last_thursday(coordinator_api, organisation):
    place = MeetingPlaceFactory()
    response = coordinator_api.post(URL, _new(organisation, place), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["schedule_text"] == "sidste torsdag i måneden"
    assert body["weekday"] == 3 and body["freshness"] == "fresh"
    assert body["public_url"].endswith(f"/aktivitet/{body['id']}/")


def test_the_list_holds_only_the_callers_entries_in_a_fixed_number_of_queries(
    coordinator_api, organisation, django_assert_num_queries
):
    for _ in range(3):
        ActivityFactory(organisation=organisation)
    ActivityFactory(organisation=OrganisationFactory(name="Røde Kors"))
    # coordinator? (the permission), count, the page, its cancellations
    with django_assert_num_queries(4):
        body = coordinator_api.get(URL).json()
    assert body["count"] == 3


def test_another_organisations_activity_is_404_and_unchanged(coordinator_api):
    theirs = ActivityFactory(organisation=OrganisationFactory(name="Røde Kors"))
    for method, path, data in [
        ("get", "", None),
        ("patch", "", {"title": "Mit"}),
        ("post", "verify/", None),
        ("post", "cancellations/", {"date": "2030-01-01"}),
    ]:
        response = getattr(coordinator_api, method)(
            f"{URL}{theirs.uuid}/{path}", data, format="json"
        )
        assert response.status_code == 404, (method, path)
        assert response.json()["code"] == "not_found"
    assert Activity.objects.get(pk=theirs.pk).title == theirs.title
    assert not ActivityException.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start_time": "21:00", "end_time": "19:00"}, "end_time"),
        ({"recurrence": "RRULE:FREQ=YEARLY"}, "recurrence"),
        ({"recurrence": "RDATE;VALUE=DATE:20200101"}, "recurrence"),
        ({"capacity": 2, "participants": 5}, "capacity"),
        ({"description": "Jens 0101501234"}, "description"),
        ({"meeting_place": "00000000-0000-0000-0000-000000000000"}, "meeting_place"),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_made(
    coordinator_api, organisation, changes, field
):
    response = coordinator_api.post(
        URL, _new(organisation, MeetingPlaceFactory(), **changes), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Activity.objects.exists()


def test_a_cancellation_and_its_removal(coordinator_api, organisation):
    activity = ActivityFactory(organisation=organisation)
    today = timezone.localdate()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    response = coordinator_api.post(
        f"{URL}{activity.uuid}/cancellations/",
        {"date": tuesday.isoformat(), "reason": "Generalforsamling"},
        format="json",
    )
    assert response.status_code == 201
    (cancellation,) = response.json()["cancellations"]
    public = coordinator_api.get(f"/api/v1/activities/{activity.uuid}/").json()
    assert public["schedule_text"] == "hver tirsdag"
    assert tuesday.isoformat() in public["cancelled_dates"]
    assert tuesday.isoformat() not in public["next_dates"]
    response = coordinator_api.delete(f"{URL}{activity.uuid}/cancellations/{cancellation['id']}/")
    assert response.status_code == 204
    assert not activity.exceptions.exists()


def test_verify_confirms_the_entry(coordinator_api, organisation):
    activity = ActivityFactory(
        organisation=organisation, last_verified_on=timezone.localdate() - timedelta(weeks=40)
    )
    assert coordinator_api.get(f"/api/v1/activities/{activity.uuid}/").status_code == 404
    body = coordinator_api.post(f"{URL}{activity.uuid}/verify/").json()
    assert body["freshness"] == "fresh"
    assert coordinator_api.get(f"/api/v1/activities/{activity.uuid}/").status_code == 200


def test_a_meeting_place_is_made_and_found_by_its_address(coordinator_api, organisation):
    response = coordinator_api.post(
        "/api/v1/entries/meeting-places/",
        {
            "municipality": organisation.municipality.slug,
            "host": str(organisation.uuid),
            "name": "Medborgerhuset",
            "street": "Torvet 3",
            "postcode": "4800",
            "town": "Nykøbing F",
            "step_free": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert round(response.json()["latitude"]) == 55


def test_another_organisations_place_is_404(coordinator_api):
    theirs = MeetingPlaceFactory(host=OrganisationFactory(name="Røde Kors"))
    response = coordinator_api.patch(
        f"/api/v1/entries/meeting-places/{theirs.uuid}/", {"name": "Mit"}, format="json"
    )
    assert response.status_code == 404
    assert MeetingPlace.objects.get(pk=theirs.pk).name == theirs.name


def test_staff_may_not_keep_entries(staff_api):
    assert staff_api.get(URL).status_code == 403
