"""Delivery: e-mail with text and HTML, SMS through the gateway, retries with backoff,
quiet hours; a failing provider never loses a message."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from notifications import delivery
from notifications.compose import queue
from notifications.models import Message
from tests.factories import CitizenFactory, UserFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
NOON = datetime(2026, 12, 1, 12, 0, tzinfo=COPENHAGEN)


def sms_to(citizen_or_volunteer, text="Hej"):
    return Message.objects.create(
        channel=Message.Channel.SMS,
        template="test",
        body=text,
        **{
            "citizen" if hasattr(citizen_or_volunteer, "care_reference") else "volunteer": (
                citizen_or_volunteer
            )
        },
    )


def test_an_email_goes_out_with_plain_text_and_html(django_capture_on_commit_callbacks):
    volunteer = VolunteerFactory(email="hanne@example.dk", first_name="Hanne")
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(
            "volunteer_approved",
            to=volunteer,
            context={"volunteer": volunteer, "organisation": volunteer.organisation},
        )
    message.refresh_from_db()
    assert message.state == Message.State.SENT and message.attempts == 1
    [sent] = mail.outbox
    assert sent.to == ["hanne@example.dk"]
    assert "Hej Hanne" in sent.body
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html" and "Hej Hanne" in html


def test_an_sms_goes_to_the_gateway_with_the_number_and_sender(sms_gateway):
    message = sms_to(CitizenFactory(phone="20 30 40 50"), "I morgen er der kortspil.")
    delivery.deliver(message.pk, now=NOON)
    message.refresh_from_db()
    assert message.state == Message.State.SENT
    [request] = sms_gateway.requests
    assert request["path"] == "/rest/mtsms"
    assert request["auth"] == "Token test-token"
    assert request["json"] == {
        "sender": "Samvaer",
        "message": "I morgen er der kortspil.",
        "recipients": [{"msisdn": 4520304050}],
    }


def test_a_gateway_error_keeps_the_message_and_tries_again_later(sms_gateway):
    sms_gateway.status = 500
    message = sms_to(CitizenFactory(phone="20304050"))
    delivery.deliver(message.pk, now=NOON)
    message.refresh_from_db()
    assert message.state == Message.State.RETRYING
    assert message.attempts == 1
    assert "500" in message.last_error
    assert message.next_attempt_at == NOON + timedelta(minutes=5)

    # Not due yet: the job leaves it alone.
    assert delivery.deliver_due(now=NOON + timedelta(minutes=4)) == 0
    assert len(sms_gateway.requests) == 1
    # The gateway is back: the job sends it.
    sms_gateway.status = 200
    assert delivery.deliver_due(now=NOON + timedelta(minutes=5)) == 1
    message.refresh_from_db()
    assert message.state == Message.State.SENT and message.attempts == 2
    assert len(sms_gateway.requests) == 2


def test_a_gateway_that_refuses_connections_is_retried(settings):
    settings.SMS_PROVIDER = "gatewayapi"
    settings.SMS_API_URL = "http://127.0.0.1:9/rest/mtsms"  # discard port: nobody listens
    message = sms_to(CitizenFactory(phone="20304050"))
    delivery.deliver(message.pk, now=NOON)
    message.refresh_from_db()
    assert message.state == Message.State.RETRYING
    assert "svarer ikke" in message.last_error


def test_the_pause_doubles_and_the_message_fails_after_the_last_attempt(sms_gateway):
    sms_gateway.status = 503
    message = sms_to(CitizenFactory(phone="20304050"))
    now = NOON
    pauses = []
    for _ in range(delivery.MAX_ATTEMPTS):
        delivery.deliver(message.pk, now=now)
        message.refresh_from_db()
        if message.next_attempt_at:
            pauses.append(message.next_attempt_at - now)
            now = message.next_attempt_at
    assert pauses == [timedelta(minutes=m) for m in (5, 10, 20, 40, 80)]
    assert message.state == Message.State.FAILED
    assert message.attempts == delivery.MAX_ATTEMPTS
    assert Message.objects.filter(pk=message.pk).exists()


def test_no_sms_in_the_evening_it_waits_for_eight_in_the_morning(sms_gateway):
    evening = datetime(2026, 12, 1, 21, 30, tzinfo=COPENHAGEN)
    message = sms_to(CitizenFactory(phone="20304050"))
    delivery.deliver(message.pk, now=evening)
    message.refresh_from_db()
    assert message.state == Message.State.QUEUED
    assert message.next_attempt_at == datetime(2026, 12, 2, 8, 0, tzinfo=COPENHAGEN)
    assert sms_gateway.requests == []
    assert delivery.deliver_due(now=datetime(2026, 12, 2, 7, 59, tzinfo=COPENHAGEN)) == 0
    assert delivery.deliver_due(now=datetime(2026, 12, 2, 8, 0, tzinfo=COPENHAGEN)) == 1


@pytest.mark.parametrize(
    ("hour", "quiet"), [(7, True), (8, False), (19, False), (20, True), (23, True), (0, True)]
)
def test_quiet_hours_are_twenty_to_eight_danish_time(hour, quiet):
    now = datetime(2026, 7, 1, hour, 59, tzinfo=COPENHAGEN)
    assert (delivery.quiet_until(now) is not None) is quiet


def test_an_email_without_an_address_fails_at_once_with_its_reason():
    message = Message.objects.create(
        channel=Message.Channel.EMAIL, template="test", body="x", user=UserFactory(email="")
    )
    delivery.deliver(message.pk, now=timezone.now())
    message.refresh_from_db()
    assert message.state == Message.State.FAILED
    assert "ingen adresse" in message.last_error


def test_a_message_being_sent_is_not_sent_twice(sms_gateway):
    message = sms_to(CitizenFactory(phone="20304050"))
    claimed = delivery._claim(message.pk, NOON)
    assert claimed is not None
    assert delivery.deliver(message.pk, now=NOON) is None
    assert sms_gateway.requests == []


def test_a_retry_sends_a_failed_message_again_in_the_background(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="kirsten@example.dk")
    message = Message.objects.create(
        channel=Message.Channel.EMAIL,
        template="test",
        subject="Emne",
        body="x",
        user=user,
        state=Message.State.FAILED,
        attempts=6,
        last_error="SMTP nede",
    )
    with django_capture_on_commit_callbacks(execute=True):
        delivery.retry(message=message)
    message.refresh_from_db()
    assert message.state == Message.State.SENT and message.attempts == 1
    assert [m.to for m in mail.outbox] == [["kirsten@example.dk"]]
