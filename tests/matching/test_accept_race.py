"""Two coordinators accepting the last free seat at the same moment: exactly one wins."""

import threading

import pytest
from django.db import connection

from matching.lifecycle import NoSeatLeft, accept_match
from matching.models import Match
from tests.factories import ActivityFactory, CitizenFactory, CoordinatorFactory, MatchFactory


@pytest.mark.django_db(transaction=True)
def test_second_accept_of_last_seat_is_refused_when_both_press_at_once():
    activity = ActivityFactory(capacity=3, participants=2)
    first = MatchFactory(activity=activity, citizen=CitizenFactory(first_name="Asta"))
    second = MatchFactory(activity=activity, citizen=CitizenFactory(first_name="Bent"))
    anna = CoordinatorFactory(organisation=activity.organisation)
    bo = CoordinatorFactory(organisation=activity.organisation)

    barrier = threading.Barrier(2)
    outcomes = {}

    def press_accept(name, match, coordinator):
        try:
            barrier.wait()
            accept_match(match_id=match.pk, by=coordinator)
            outcomes[name] = "accepted"
        except NoSeatLeft as refusal:
            outcomes[name] = str(refusal)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=press_accept, args=("anna", first, anna)),
        threading.Thread(target=press_accept, args=("bo", second, bo)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["anna", "bo"]
    assert list(outcomes.values()).count("accepted") == 1
    refusal = next(v for v in outcomes.values() if v != "accepted")
    assert "ikke flere ledige pladser" in refusal
    assert Match.objects.filter(activity=activity, status=Match.Status.ACCEPTED).count() == 1
    assert Match.objects.filter(activity=activity, status=Match.Status.PROPOSED).count() == 1
