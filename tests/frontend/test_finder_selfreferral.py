"""'Jeg vil gerne have nogen med': the form on the activity page and its service."""

import asyncio
import re
import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from matching.models import SelfReferral
from matching.selfreferrals import RATE_LIMIT, REPEAT_WINDOW, create_self_referral
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "first_name": "Inger",
    "phone": "12 34 56 78",
    "email": "",
    "postcode": "4990",
    "consent": "on",
    "website": "",
}


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def post(client, activity, **changes):
    return client.post(f"/aktivitet/{activity.uuid}/", {**GOOD, **changes})


def test_the_form_creates_a_self_referral_waiting_for_a_coordinator(client):
    activity = ActivityFactory()
    response = post(client, activity)
    assert response.status_code == 302
    assert response["Location"] == f"/aktivitet/{activity.uuid}/tak/"
    referral = SelfReferral.objects.get()
    assert referral.activity == activity
    assert referral.municipality == activity.municipality
    assert referral.status == SelfReferral.Status.NEW
    assert (referral.first_name, referral.phone, referral.postcode) == (
        "Inger",
        "12 34 56 78",
        "4990",
    )
    assert "frivilligkoordinator" in referral.consent_text
    thanks = client.get(response["Location"]).content.decode()
    assert "Tak for din henvendelse" in thanks


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": ""}, "Sæt kryds"),
        ({"first_name": ""}, "Skriv dit fornavn"),
        ({"phone": "", "email": ""}, "telefonnummer eller en e-mailadresse"),
        ({"phone": "12"}, "8 cifre"),
        ({"email": "inger@", "phone": ""}, "E-mailadressen ser forkert ud"),
        ({"postcode": "49"}, "fire cifre"),
        ({"first_name": "Inger 010150-1234"}, "CPR-nummer"),
        ({"phone": "0101501234"}, "CPR-nummer"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(client, changes, message):
    activity = ActivityFactory()
    response = post(client, activity, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SelfReferral.objects.count() == 0


def test_the_honeypot_thanks_a_robot_and_saves_nothing(client):
    activity = ActivityFactory()
    response = post(client, activity, website="http://spam.example")
    assert response.status_code == 302
    assert SelfReferral.objects.count() == 0


def test_too_many_requests_from_one_address_are_refused(client):
    activity = ActivityFactory()
    for number in range(RATE_LIMIT):
        assert post(client, activity, first_name=f"Inger{number}").status_code == 302
    response = post(client, activity, first_name="Ingrid")
    assert response.status_code == 429
    assert "Prøv igen om en time" in response.content.decode()
    assert SelfReferral.objects.count() == RATE_LIMIT


def test_the_same_form_sent_twice_makes_one_request_and_thanks_both_times(client):
    activity = ActivityFactory()
    first = post(client, activity)
    again = post(client, activity, first_name="inger ", phone="12  34 56 78")
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/aktivitet/{activity.uuid}/tak/"
    assert SelfReferral.objects.count() == 1


def form_token(client, activity) -> str:
    page = client.get(f"/aktivitet/{activity.uuid}/").content.decode()
    found = re.search(r'type="hidden" name="form_token" value="([0-9a-f-]{36})"', page)
    assert found, "the form carries no one-time token"
    return found.group(1)


def test_the_same_form_sent_again_much_later_is_still_one_request(client):
    activity = ActivityFactory()
    token = form_token(client, activity)
    assert post(client, activity, form_token=token).status_code == 302
    # Past the repeat window, with the name written differently: only the token can tell.
    SelfReferral.objects.update(created_at=timezone.now() - REPEAT_WINDOW * 3)
    again = post(client, activity, form_token=token, first_name="Inger Marie")
    assert again.status_code == 302
    assert again["Location"] == f"/aktivitet/{activity.uuid}/tak/"
    assert list(SelfReferral.objects.values_list("first_name", "form_token")) == [
        ("Inger", uuid.UUID(token))
    ]


def test_each_form_shown_has_its_own_token(client):
    activity = ActivityFactory()
    first, second = form_token(client, activity), form_token(client, activity)
    assert first != second
    post(client, activity, form_token=first)
    post(client, activity, form_token=second, first_name="Poul")
    assert SelfReferral.objects.count() == 2


@pytest.mark.parametrize("token", ["", "ikke-en-nøgle", "0" * 64])
def test_a_missing_or_mangled_token_still_makes_the_request(client, token):
    activity = ActivityFactory()
    assert post(client, activity, form_token=token).status_code == 302
    assert SelfReferral.objects.get().form_token is None


def test_the_database_holds_one_request_per_token():
    activity = ActivityFactory()
    token = uuid.uuid4()
    create_self_referral(
        activity=activity, first_name="Inger", phone="12345678", postcode="4990",
        consent_text="ja", form_token=token,
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfReferral.objects.create(
            municipality=activity.municipality, activity=activity, first_name="Poul",
            phone="87654321", postcode="4990", consent_text="ja",
            consent_given_at=timezone.now(), form_token=token,
        )  # fmt: skip
    assert SelfReferral.objects.count() == 1


def test_a_different_request_soon_after_is_its_own(client):
    activity = ActivityFactory()
    assert post(client, activity).status_code == 302
    # Another person from the same household, and the same person about another activity.
    assert post(client, activity, first_name="Poul").status_code == 302
    assert post(client, ActivityFactory()).status_code == 302
    assert SelfReferral.objects.count() == 3


def test_the_same_request_after_the_first_was_handled_is_a_new_one(client):
    activity = ActivityFactory()
    post(client, activity)
    SelfReferral.objects.update(status=SelfReferral.Status.HANDLED)
    post(client, activity)
    assert SelfReferral.objects.filter(status=SelfReferral.Status.NEW).count() == 1
    assert SelfReferral.objects.count() == 2


def test_the_service_refuses_an_inactive_activity():
    activity = ActivityFactory(is_active=False)
    with pytest.raises(ValidationError):
        create_self_referral(
            activity=activity,
            first_name="Inger",
            phone="12345678",
            postcode="4990",
            consent_text="ja",
        )
    assert SelfReferral.objects.count() == 0


def test_the_service_requires_a_consent_text():
    with pytest.raises(ValidationError) as error:
        create_self_referral(
            activity=ActivityFactory(),
            first_name="Inger",
            email="inger@example.org",
            postcode="4990",
            consent_text="",
        )
    assert "consent" in error.value.error_dict
    assert SelfReferral.objects.count() == 0


def test_a_new_self_referral_reaches_the_organisations_inbox_live(
    django_capture_on_commit_callbacks,
):
    from asgiref.sync import async_to_sync, sync_to_async
    from channels.layers import get_channel_layer

    from matching.events import organisation_group

    activity = ActivityFactory()
    group = organisation_group(activity.organisation_id)

    def refer():
        with django_capture_on_commit_callbacks(execute=True):
            return create_self_referral(
                activity=activity,
                first_name="Bente",
                phone="12345678",
                postcode="4990",
                consent_text="Ja tak",
            )

    # Listen as a consumer does: channel, group and receive on one event loop. Redis's
    # pub/sub layer keeps channels per event loop, so each step in its own async_to_sync
    # would listen on a channel that the next step's loop does not know. The service runs
    # in this thread (the test's transaction), and its event is sent on the same loop.
    async def listen_while_referring():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(group, channel)
        try:
            referral = await sync_to_async(refer)()
            message = await asyncio.wait_for(layer.receive(channel), timeout=10)
        finally:
            await layer.group_discard(group, channel)
        return referral, message

    referral, message = async_to_sync(listen_while_referring)()
    assert message["event"] == "referral.new"
    assert message["payload"] == {"referral": str(referral.pk), "activity": activity.pk}
