"""The message log is kept MESSAGE_RETENTION_DAYS, then deleted by the retention job; a
message still owed a delivery attempt stays."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.jobs import run_job
from notifications.models import Message
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def message(user, *, days_old: int, state: str) -> Message:
    made = Message.objects.create(
        channel=Message.Channel.EMAIL, template="t", user=user, body="Hej", state=state
    )
    Message.objects.filter(pk=made.pk).update(created_at=timezone.now() - timedelta(days=days_old))
    return made


def test_old_sent_and_failed_messages_go_and_the_rest_stay(settings):
    settings.MESSAGE_RETENTION_DAYS = 100
    user = UserFactory()
    old_sent = message(user, days_old=101, state=Message.State.SENT)
    old_failed = message(user, days_old=101, state=Message.State.FAILED)
    old_queued = message(user, days_old=101, state=Message.State.QUEUED)
    recent = message(user, days_old=99, state=Message.State.SENT)

    run_job("retention")

    left = set(Message.objects.values_list("pk", flat=True))
    assert left == {old_queued.pk, recent.pk}
    assert old_sent.pk not in left and old_failed.pk not in left
