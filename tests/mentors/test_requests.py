"""A relative's request: saved whole or not at all, refused when it carries a CPR number,
rate-limited per address, sent live to the organisation's inbox."""

import pytest
from channels.db import database_sync_to_async
from django.core.exceptions import ValidationError

from matching.models import AuditEvent
from mentors.models import MentorRequest
from mentors.services import RateLimited, create_request, note_attempt
from mentors.services.requests import RATE_LIMIT
from tests.factories import (
    CoordinatorFactory,
    MentorOfferFactory,
    OrganisationFactory,
    VolunteerFactory,
)
from tests.matching.test_live_events import connect
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
async def test_a_new_request_reaches_the_organisations_inbox_live(answers):
    @database_sync_to_async
    def world():
        ours, theirs = OrganisationFactory(), OrganisationFactory()
        MentorOfferFactory(volunteer=VolunteerFactory(organisation=ours))
        return ours, CoordinatorFactory(organisation=ours), CoordinatorFactory(organisation=theirs)

    organisation, anna, outsider = await world()
    sockets = []
    for user in (anna, outsider):
        communicator, connected, _code = await connect(user)
        assert connected
        assert (await communicator.receive_json_from())["event"] == "hello"
        sockets.append(communicator)
    request = await database_sync_to_async(create_request)(
        data=answers, organisation_id=organisation.pk, consent=True
    )
    event = await sockets[0].receive_json_from(timeout=2)
    assert event == {"event": "referral.mentor", "payload": {"mentor_request": str(request.pk)}}
    assert "Birthe" not in str(event)  # ids only travel
    assert await sockets[1].receive_nothing(timeout=0.3)
    for communicator in sockets:
        await communicator.disconnect()
