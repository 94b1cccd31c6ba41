"""Delivering queued messages: e-mail through Django's mail, SMS through the provider.

A message is claimed for a short lease before the slow call to the provider, so two
workers never send it twice, and no database lock is held while the provider answers.
A failure is written on the message, which is tried again later with a growing pause;
after MAX_ATTEMPTS it stays failed, visible to its organisation's coordinators, until
one of them retries it.
"""

import logging
import smtplib
from datetime import datetime, time, timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import sms
from .models import Message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_PAUSE = timedelta(minutes=5)
LONGEST_PAUSE = timedelta(hours=6)
# How long a worker may hold a message it is sending before another may try it.
LEASE = timedelta(minutes=10)
# No SMS in the evening or at night: 20.00-08.00, Danish time.
QUIET_FROM, QUIET_UNTIL = time(20), time(8)

DELIVERY_ERRORS = (smtplib.SMTPException, OSError, sms.SmsError)


def backoff(attempts: int) -> timedelta:
    """The pause after the n-th failed attempt: 5 min, 10, 20, ... at most 6 hours."""
    return min(FIRST_PAUSE * 2 ** (attempts - 1), LONGEST_PAUSE)


def quiet_until(now: datetime) -> datetime | None:
    """08.00 Danish time when `now` falls in the quiet hours, otherwise None."""
    local = timezone.localtime(now)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return None
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, QUIET_UNTIL))


def address_of(message: Message) -> str:
    recipient = message.recipient
    if message.channel == Message.Channel.EMAIL:
        return getattr(recipient, "email", "") or ""
    return getattr(recipient, "phone", "") or ""


def _claim(message_id: int, now: datetime) -> Message | None:
    """Take the message for one attempt, or None when it is not due (sent, failed, deferred
    to the morning, or being sent by another worker)."""
    with transaction.atomic():
        message = (
            # Only the message's row: PostgreSQL cannot lock the outer join's nullable side.
            Message.objects.select_for_update(of=("self",))
            .select_related("user", "volunteer", "citizen")
            .filter(pk=message_id, state__in=Message.PENDING)
            .first()
        )
        if message is None or (message.next_attempt_at and message.next_attempt_at > now):
            return None
        if message.channel == Message.Channel.SMS and (morning := quiet_until(now)):
            message.next_attempt_at = morning
            message.save(update_fields=["next_attempt_at"])
            return None
        message.next_attempt_at = now + LEASE
        message.save(update_fields=["next_attempt_at"])
        return message


def _send(message: Message, to: str) -> None:
    if message.channel == Message.Channel.EMAIL:
        mail = EmailMultiAlternatives(message.subject, message.body, to=[to])
        if message.html:
            mail.attach_alternative(message.html, "text/html")
        mail.send()
    elif message.channel == Message.Channel.SMS:
        sms.provider().send(to=to, text=message.body)


def deliver(message_id: int, *, now: datetime | None = None) -> Message | None:
    """One attempt at a due message. Returns the message as it then is, or None when it
    was not due."""
    now = now or timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return None
    to = address_of(message)
    try:
        if not to:
            raise sms.SmsError("Modtageren har ingen adresse til denne kanal.")
        _send(message, to)
    except DELIVERY_ERRORS as error:
        message.attempts += 1
        message.last_error = str(error)[:300] or type(error).__name__
        if message.attempts >= MAX_ATTEMPTS or not to:
            message.state, message.next_attempt_at = Message.State.FAILED, None
        else:
            message.state = Message.State.RETRYING
            message.next_attempt_at = now + backoff(message.attempts)
        logger.warning("Message %s not sent (attempt %s): %s", message.pk, message.attempts, error)
    else:
        message.attempts += 1
        message.state, message.sent_at, message.next_attempt_at = Message.State.SENT, now, None
    message.save(update_fields=["state", "attempts", "last_error", "next_attempt_at", "sent_at"])
    return message


@task()
def deliver_task(message_id: int) -> None:
    deliver(message_id)


def enqueue(message: Message) -> None:
    """Deliver the message in the background once the current transaction has committed.
    If the task cannot even be queued, the message waits for the delivery job."""

    def send_later():
        try:
            deliver_task.enqueue(message.pk)
        except DELIVERY_ERRORS as error:  # pragma: no cover - the queue is the database
            logger.warning("Message %s left for the delivery job: %s", message.pk, error)

    transaction.on_commit(send_later)


def deliver_due(*, now: datetime | None = None) -> int:
    """The delivery job: every message whose next attempt is due. Returns how many sent."""
    now = now or timezone.now()
    due = (
        Message.objects.filter(state__in=Message.PENDING)
        .exclude(next_attempt_at__gt=now)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for message_id in list(due):
        message = deliver(message_id, now=now)
        sent += message is not None and message.state == Message.State.SENT
    return sent


def retry(*, message: Message) -> Message:
    """A coordinator's retry of a failed message: due at once, with a fresh set of attempts."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.state == Message.State.SENT:
            return message
        message.state, message.attempts, message.next_attempt_at = Message.State.RETRYING, 0, None
        message.save(update_fields=["state", "attempts", "next_attempt_at"])
        enqueue(message)
    return message
