"""Declining a volunteer application: the applicant is told, leaves the lists, and the
retention job deletes the row later. Pages and API share one service."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetingplaces.models import Volunteer
from notifications.jobs import retention
from notifications.models import Message
from tests.factories import VolunteerFactory
from tests.security.hostile import FICTIONAL_CPR

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(organisation):
    return VolunteerFactory(
        organisation=organisation, first_name="Ebbe", email="ebbe@example.dk", is_approved=False
    )


def test_declining_tells_the_applicant_with_the_reason(coordinator_client, applicant):
    assert coordinator_client.get(f"/frivillige/{applicant.pk}/afvis/").status_code == 200
    response = coordinator_client.post(
        f"/frivillige/{applicant.pk}/afvis/", {"reason": "Vi har nok følgevenner i Hasle."}
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.declined_at is not None and not applicant.is_approved
    message = Message.objects.get(volunteer=applicant, template="volunteer_declined")
    assert "Vi har nok følgevenner i Hasle." in message.body
    assert (
        f"/frivillige/{applicant.pk}/"
        not in coordinator_client.get("/frivillige/").content.decode()
    )
    # Declined once: it is gone from the coordinator's scope, so a second decline is 404.
    assert coordinator_client.post(f"/frivillige/{applicant.pk}/afvis/").status_code == 404
    assert Message.objects.filter(template="volunteer_declined").count() == 1


def test_a_cpr_number_in_the_reason_is_refused_and_nothing_changes(coordinator_client, applicant):
    response = coordinator_client.post(
        f"/frivillige/{applicant.pk}/afvis/", {"reason": f"Se {FICTIONAL_CPR}"}
    )
    assert response.status_code == 200
    assert "CPR-nummer" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.declined_at is None
    assert not Message.objects.exists()


def test_an_approved_volunteer_is_not_declined(coordinator_client, organisation):
    approved = VolunteerFactory(organisation=organisation, is_approved=True)
    response = coordinator_client.post(f"/frivillige/{approved.pk}/afvis/", {"reason": ""})
    assert response.status_code == 200
    approved.refresh_from_db()
    assert approved.declined_at is None


def test_another_organisations_applicant_is_404(coordinator_client, coordinator_api):
    other = VolunteerFactory(is_approved=False)
    assert coordinator_client.post(f"/frivillige/{other.pk}/afvis/").status_code == 404
    response = coordinator_api.post(f"/api/v1/volunteers/{other.pk}/decline/", {}, format="json")
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.declined_at is None


def test_the_api_declines_through_the_same_service(coordinator_api, applicant):
    response = coordinator_api.post(
        f"/api/v1/volunteers/{applicant.pk}/decline/", {"reason": "010150 1234"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["reason"]
    response = coordinator_api.post(
        f"/api/v1/volunteers/{applicant.pk}/decline/", {"reason": ""}, format="json"
    )
    assert response.status_code == 204
    applicant.refresh_from_db()
    assert applicant.declined_at is not None
    assert coordinator_api.get(f"/api/v1/volunteers/{applicant.pk}/").status_code == 404


def test_retention_deletes_declined_applications_after_the_period(
    coordinator_client, applicant, organisation, settings
):
    settings.VOLUNTEER_DECLINED_RETENTION_DAYS = 30
    kept = VolunteerFactory(organisation=organisation, is_approved=False)
    coordinator_client.post(f"/frivillige/{applicant.pk}/afvis/", {"reason": ""})
    now = timezone.now()
    retention(now=now + timedelta(days=29))
    assert Volunteer.objects.filter(pk=applicant.pk).exists()
    assert retention(now=now + timedelta(days=31)) >= 1
    assert not Volunteer.objects.filter(pk=applicant.pk).exists()
    assert Volunteer.objects.filter(pk=kept.pk).exists()
    # Run twice: nothing more to do.
    assert retention(now=now + timedelta(days=31)) == 0
