"""The mentor pages as people use them: a relative asks on the public page, staff register
for a relative they met, the coordinator pairs them with a suggested mentor (the phone
shows only then), approves mentors; the relative answers the follow-up."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from matching.models import AuditEvent
from mentors.models import FollowUp, MentorOffer, MentorRequest
from mentors.services.follow_ups import token_for
from mentors.services.requests import RATE_LIMIT
from notifications.models import Message
from tests.factories import MentorOfferFactory, MentorRequestFactory, VolunteerFactory, sign_in
from tests.security.hostile import FICTIONAL_CPR


@pytest.fixture(autouse=True)
def empty_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mentor(organisation):
    return MentorOfferFactory(
        volunteer=VolunteerFactory(organisation=organisation, first_name="Hanne", phone="30405060")
    )


def _answers(organisation, **changes):
    answers = {
        "organisation": organisation.pk,
        "first_name": "Birthe",
        "phone": "40 50 60 70",
        "postcode": "4990",
        "relation": "spouse",
        "illness": "dementia",
        "ways": ["0", "2"],  # a walk, the phone
        "availability": ["1"],  # Monday afternoon
        "consent": "on",
        **changes,
    }
    return answers


def test_the_public_page_needs_no_sign_in_and_lists_the_organisations_with_mentors(
    client, mentor, organisation
):
    response = client.get("/paaroerende/")
    assert response.status_code == 200
    assert organisation.name in response.content.decode()
    assert "Jeg siger ja" in response.content.decode()


def test_a_relatives_request_is_saved_and_thanked(client, mentor, organisation):
    response = client.post("/paaroerende/", _answers(organisation))
    assert response.status_code == 302 and response.url == "/paaroerende/tak/"
    request = MentorRequest.objects.get()
    assert (request.first_name, request.ways, request.preferred_slots) == ("Birthe", 5, 2)
    assert request.registered_by is None


def test_a_cpr_number_is_refused_on_the_page_and_nothing_is_saved(client, mentor, organisation):
    response = client.post("/paaroerende/", _answers(organisation, first_name=FICTIONAL_CPR))
    assert response.status_code == 400
    assert "CPR-nummer" in response.content.decode()
    assert FICTIONAL_CPR not in response.content.decode().replace(f'value="{FICTIONAL_CPR}"', "")
    assert not MentorRequest.objects.exists()


def test_the_page_is_rate_limited_per_address(client, mentor, organisation):
    for _ in range(RATE_LIMIT):
        client.post("/paaroerende/", _answers(organisation, postcode="x"))
    response = client.post("/paaroerende/", _answers(organisation))
    assert response.status_code == 429
    assert "mange henvendelser" in response.content.decode()
    assert not MentorRequest.objects.exists()


def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_saved(client, mentor, organisation):
    response = client.post("/paaroerende/", _answers(organisation, website="http://spam"))
    assert response.status_code == 302
    assert not MentorRequest.objects.exists()


def test_staff_register_a_request_for_a_relative_they_met(
    staff_client, staff, mentor, organisation
):
    response = staff_client.post("/hjemmepleje/paaroerende/", _answers(organisation))
    assert response.status_code == 302
    request = MentorRequest.objects.get()
    assert request.registered_by == staff
    page = staff_client.get("/hjemmepleje/paaroerende/").content.decode()
    assert "Ny" in page and "Birthe" not in page  # the status, not the person


def test_the_coordinator_sees_the_phone_only_after_pairing(
    coordinator_client, coordinator, mentor, organisation
):
    request = MentorRequestFactory(organisation=organisation)
    page = coordinator_client.get(f"/mentorer/anmodning/{request.pk}/").content.decode()
    assert "Birthe" in page and "Hanne" in page and "Kender til demens" in page
    assert "40506070" not in page
    response = coordinator_client.post(
        f"/mentorer/anmodning/{request.pk}/accepter/", {"mentor": mentor.pk}
    )
    assert response.status_code == 302
    page = coordinator_client.get(f"/mentorer/anmodning/{request.pk}/").content.decode()
    assert "40506070" in page
    assert set(Message.objects.values_list("template", flat=True)) == {
        "mentor_assigned",
        "mentor_found",
    }
    assert AuditEvent.objects.filter(citizen_id=request.pk, user=coordinator, action="read")


def test_declining_without_a_category_says_so_and_changes_nothing(
    coordinator_client, organisation, mentor
):
    request = MentorRequestFactory(organisation=organisation)
    response = coordinator_client.post(f"/mentorer/anmodning/{request.pk}/afvis/", follow=True)
    assert "skal udfyldes" in response.content.decode() or "påkrævet" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "new"
    coordinator_client.post(f"/mentorer/anmodning/{request.pk}/afvis/", {"category": "no_mentor"})
    request.refresh_from_db()
    assert request.status == "declined"


def test_a_waiting_relative_is_in_the_coordinators_inbox(coordinator_client, organisation):
    request = MentorRequestFactory(organisation=organisation)
    page = coordinator_client.get("/indbakke/").content.decode()
    assert f"/mentorer/anmodning/{request.pk}/" in page


def test_a_coordinator_adds_a_mentor_who_waits_for_approval_then_approves(
    coordinator_client, organisation
):
    volunteer = VolunteerFactory(organisation=organisation, is_approved=False, phone="20304050")
    response = coordinator_client.post(
        "/mentorer/tilbud/ny/",
        {
            "volunteer": volunteer.pk,
            "relation": "child",
            "illness": "stroke",
            "ways": ["1", "3"],
            "address": "4990",
            "max_relatives": 2,
        },
    )
    assert response.status_code == 302, response.content.decode()
    offer = MentorOffer.objects.get()
    assert offer.status == "pending" and offer.ways == 2 | 8
    coordinator_client.post(f"/mentorer/tilbud/{offer.pk}/godkend/")
    offer.refresh_from_db()
    volunteer.refresh_from_db()
    assert offer.status == "approved" and volunteer.is_approved
    assert set(Message.objects.values_list("template", flat=True)) == {
        "volunteer_approved",
        "mentor_offer_approved",
    }


def test_an_offer_with_a_cpr_number_in_the_address_is_refused(coordinator_client, organisation):
    volunteer = VolunteerFactory(organisation=organisation)
    response = coordinator_client.post(
        "/mentorer/tilbud/ny/",
        {
            "volunteer": volunteer.pk,
            "relation": "child",
            "illness": "stroke",
            "ways": ["2"],
            "address": FICTIONAL_CPR,
            "max_relatives": 1,
        },
    )
    assert response.status_code == 400
    assert not MentorOffer.objects.exists()


def test_the_follow_up_link_asks_first_and_records_on_post(client, organisation, mentor):
    request = MentorRequestFactory(
        organisation=organisation, status="accepted", mentor=mentor, accepted_at=timezone.now()
    )
    follow_up = FollowUp.objects.create(request=request, kind="week_4")
    url = f"/paaroerende/svar/{token_for(follow_up)}/"
    assert client.get(url + "?svar=ja").status_code == 200
    follow_up.refresh_from_db()
    assert follow_up.helped is None  # a mail scanner following the link answers nothing
    assert client.post(url, {"helped": "ja"}).status_code == 200
    follow_up.refresh_from_db()
    assert follow_up.helped is True
    assert client.get("/paaroerende/svar/forfalsket/").status_code == 404


def test_the_public_page_reads_in_english_too(client, mentor):
    client.cookies["django_language"] = "en"
    page = client.get("/paaroerende/").content.decode()
    assert "A relative? Get a mentor who has been through the same" in page
    assert "spouse or partner" in page and "a walk" in page


def test_a_signed_in_volunteer_offers_to_be_a_mentor_and_waits_for_approval(
    client, organisation, coordinator
):
    from meetingplaces.models import Membership
    from tests.factories import UserFactory

    user = UserFactory(username="hanne")
    Membership.objects.create(
        user=user,
        role=Membership.Role.VOLUNTEER,
        municipality=organisation.municipality,
        organisation=organisation,
    )
    VolunteerFactory(organisation=organisation, user=user, first_name="Hanne")
    sign_in(client, user)
    response = client.post(
        "/frivillig/mentor/",
        {
            "relation": "parent",
            "illness": "cancer",
            "ways": ["3"],
            "address": "4990",
            "max_relatives": 1,
        },
    )
    assert response.status_code == 302
    offer = MentorOffer.objects.get()
    assert (offer.volunteer.user, offer.status, offer.ways) == (user, "pending", 8)
    sign_in(client, coordinator)
    page = client.get("/mentorer/").content.decode()
    assert "Godkend Hanne" in page


def test_the_operator_erases_a_request_from_the_admin(client, organisation):
    from tests.factories import UserFactory

    operator = UserFactory(username="drift", is_staff=True, is_superuser=True)
    request = MentorRequestFactory(organisation=organisation)
    sign_in(client, operator)
    response = client.post(
        "/admin/mentors/mentorrequest/",
        {"action": "erase", "_selected_action": [str(request.pk)]},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.anonymised_at is not None and request.first_name == ""
    assert AuditEvent.objects.filter(citizen_id=request.pk, action="erase", user=operator)
