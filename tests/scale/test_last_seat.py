"""Many coordinators take the last free seat of an activity at the same moment, each on its
own PostgreSQL connection: the row lock lets exactly one of them have it.

The harness (tests/scale/concurrency.py) is for the matching app's accept service
(`matching.lifecycle.accept_match`): 50 proposed matches of one activity with one free
seat, `run_concurrently(lambda i: accept_match(match=..., by=coordinator))`, exactly one
accepted. Until that service is on this branch, the harness drives the row-lock pattern on
a real model write.
"""

import time

import pytest
from django.db import transaction

from meetingplaces.models import Activity
from tests.factories import ActivityFactory

from .concurrency import run_concurrently

pytestmark = pytest.mark.scale

CONTENDERS = 50


class NoSeatLeft(Exception):
    pass


def take_seat_with_lock(activity_id: int) -> int:
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity_id)
        if activity.participants >= activity.capacity:
            raise NoSeatLeft
        # Widen the window between read and write: only the lock closes it.
        time.sleep(0.005)
        activity.participants += 1
        activity.save(update_fields=["participants"])
        return activity.participants


def take_seat_without_lock(activity_id: int) -> int:
    with transaction.atomic():
        activity = Activity.objects.get(pk=activity_id)
        if activity.participants >= activity.capacity:
            raise NoSeatLeft
        time.sleep(0.05)
        activity.participants += 1
        activity.save(update_fields=["participants"])
        return activity.participants


@pytest.mark.django_db(transaction=True)
def test_fifty_takers_of_the_last_seat_leave_exactly_one_winner():
    activity = ActivityFactory(capacity=20, participants=19)

    outcomes = run_concurrently(lambda i: take_seat_with_lock(activity.pk), count=CONTENDERS)

    winners = [o for o in outcomes if o.succeeded]
    assert len(winners) == 1
    assert winners[0].value == 20
    assert all(isinstance(o.error, NoSeatLeft) for o in outcomes if not o.succeeded)
    # Each contender really had a connection (a server backend) of its own.
    assert len({o.backend_pid for o in outcomes}) == CONTENDERS
    activity.refresh_from_db()
    assert activity.participants == 20


@pytest.mark.django_db(transaction=True)
def test_harness_catches_a_read_then_write_without_lock():
    # Proves the harness makes the contenders overlap: without the lock, several "win"
    # the one seat, the lost-update bug the lock is there to prevent.
    activity = ActivityFactory(capacity=20, participants=19)

    outcomes = run_concurrently(lambda i: take_seat_without_lock(activity.pk), count=CONTENDERS)

    assert sum(o.succeeded for o in outcomes) > 1
    activity.refresh_from_db()
    assert activity.participants == 20
