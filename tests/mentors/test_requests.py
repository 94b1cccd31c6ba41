"""A relative's request: saved whole or not at all, refused when it carries a CPR number,
rate-limited per address, sent live to the organisation's inbox."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import ValidationError

from matching.events import organisation_group
from matching.models import AuditEvent
from mentors.models import MentorRequest
from mentors.services import RateLimited, create_request, note_attempt
from mentors.services.requests import RATE_LIMIT
from tests.factories import OrganisationFactory
from tests.security.hostile import FICTIONAL_CPR


def test_a_request_is_saved_with_its_consent_at_the_postcodes_area(organisation, mentor, answers):
    request = create_request(data=answers, organisation_id=organisation.pk, consent=True)
    request.refresh_from_db()
    assert request.status == MentorRequest.Status.NEW
    assert request.phone == "40 50 60 70"
    assert request.organisation == organisation
    assert request.consent_text.startswith("Jeg siger ja")
    assert abs(request.latitude - 54.8) < 0.1  # Sakskøbing's area, not a home address
    assert request.registered_by is None


@pytest.mark.parametrize("field", ["first_name", "phone", "email"])
def test_a_cpr_number_in_any_text_is_refused_and_nothing_is_saved(
    organisation, mentor, answers, field
):
    answers[field] = FICTIONAL_CPR
    with pytest.raises(ValidationError) as refusal:
        create_request(data=answers, organisation_id=organisation.pk, consent=True)
    assert "CPR" in str(refusal.value.message_dict[field])
    assert not MentorRequest.objects.exists()


def test_without_consent_or_contact_nothing_is_saved(organisation, mentor, answers):
    answers["phone"] = ""
    with pytest.raises(ValidationError) as refusal:
        create_request(data=answers, organisation_id=organisation.pk, consent=False)
    assert set(refusal.value.message_dict) == {"phone", "consent"}
    assert not MentorRequest.objects.exists()


def test_an_organisation_without_mentors_cannot_be_asked(db, answers):
    other = OrganisationFactory()
    with pytest.raises(ValidationError) as refusal:
        create_request(data=answers, organisation_id=other.pk, consent=True)
    assert "organisation" in refusal.value.message_dict
    assert not MentorRequest.objects.exists()


def test_the_sixth_request_from_one_address_in_an_hour_is_refused(db):
    for _ in range(RATE_LIMIT):
        note_attempt(client="192.0.2.7")
    with pytest.raises(RateLimited):
        note_attempt(client="192.0.2.7")
    note_attempt(client="192.0.2.8")  # another address is not held back


def test_staff_registering_for_a_relative_is_audited_and_follows_their_team(
    organisation, mentor, answers, staff, team
):
    request = create_request(
        data=answers, organisation_id=organisation.pk, consent=True, registered_by=staff
    )
    assert request.team == team
    event = AuditEvent.objects.get(citizen_id=request.pk)
    assert (event.user, event.action, event.detail) == (staff, "create", "mentor-request")


@pytest.mark.django_db(transaction=True)
def test_a_new_request_reaches_the_organisations_inbox_live(organisation, mentor, answers):
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(organisation_group(organisation.pk), channel)
    request = create_request(data=answers, organisation_id=organisation.pk, consent=True)
    message = async_to_sync(layer.receive)(channel)
    assert message["event"] == "referral.mentor"
    assert message["payload"] == {"mentor_request": str(request.pk)}
    assert "Birthe" not in str(message)  # ids only travel
