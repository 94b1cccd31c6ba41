"""Many coordinators take the last free seat of an activity at the same moment, each on its
own PostgreSQL connection: the row lock lets exactly one of them have it.

The real tests drive the matching app's accept service (`matching.lifecycle.accept_match`)
and the API action in front of it (`POST /api/v1/matches/<id>/accept/` on a real server):
50 proposed matches of one activity with one free seat, all accepted at once, exactly one
accepted. The harness tests below them show the harness itself (tests/scale/concurrency.py)
makes the contenders race: the row-lock pattern on a plain model write lets one through,
the same write without the lock lets several through.
"""

import secrets
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation

from matching import lifecycle
from matching.models import Citizen, Match, MatchStatusChange
from meetingplaces.models import Activity
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    MatchFactory,
    TeamFactory,
)

from .concurrency import run_concurrently
from .conftest import session_cookie
from .processes import app_server, http

pytestmark = pytest.mark.scale

CONTENDERS = 50


def activity_with_one_free_seat() -> Activity:
    """Capacity 20: 17 participants outside Samvær, 2 matches that hold a seat, and a
    declined and an ended match that hold none; 20 - 17 - 2 = 1 seat free."""
    activity = ActivityFactory(capacity=20, participants=17)
    team = TeamFactory(municipality=activity.municipality)
    for status in [Match.Status.ACCEPTED, Match.Status.PARTICIPATING]:
        MatchFactory(activity=activity, citizen=CitizenFactory(team=team), status=status)
    MatchFactory(
        activity=activity,
        citizen=CitizenFactory(team=team),
        status=Match.Status.DECLINED,
        decline_reason="Passer ikke",
    )
    MatchFactory(activity=activity, citizen=CitizenFactory(team=team), status=Match.Status.ENDED)
    assert lifecycle.free_seats(activity) == 1
    return activity


def proposals_to(activity: Activity) -> list[Match]:
    """CONTENDERS proposed matches of as many different citizens to the activity."""
    team = TeamFactory(municipality=activity.municipality)
    return [
        MatchFactory(
            activity=activity, citizen=CitizenFactory(team=team, status=Citizen.Status.PROPOSED)
        )
        for _ in range(CONTENDERS)
    ]


def no_seat_message(activity: Activity) -> str:
    return f"Der er ikke flere ledige pladser på {activity.title}. Forslaget er ikke accepteret."


def assert_one_winner_in_the_database(activity: Activity, proposals: list[Match], winner_pk):
    winner_pk = str(winner_pk)
    ids = [match.pk for match in proposals]
    contenders = Match.objects.filter(pk__in=ids)
    seat_holders = contenders.filter(status__in=Match.SEAT_HOLDING).values_list("pk", flat=True)
    assert [str(pk) for pk in seat_holders] == [winner_pk]
    assert contenders.filter(status=Match.Status.PROPOSED).count() == CONTENDERS - 1
    # The activity is exactly full: the two earlier seats and the winner's.
    assert Match.objects.filter(activity=activity, status__in=Match.SEAT_HOLDING).count() == 3
    assert lifecycle.free_seats(activity) == 0
    # One history row, the winner's acceptance, and nothing for the 49 others.
    history = MatchStatusChange.objects.values_list("match_id", "from_status", "to_status")
    assert [(str(m), f, t) for m, f, t in history] == [
        (winner_pk, Match.Status.PROPOSED, Match.Status.ACCEPTED)
    ]
    winner = Match.objects.select_related("citizen").get(pk=winner_pk)
    assert winner.citizen.status == Citizen.Status.ACCEPTED
    losers = Citizen.objects.filter(matches__pk__in=ids).exclude(matches__pk=winner_pk)
    assert set(losers.values_list("status", flat=True)) == {Citizen.Status.PROPOSED}


@pytest.mark.django_db(transaction=True)
def test_fifty_coordinators_accepting_the_last_seat_leave_exactly_one_accepted():
    activity = activity_with_one_free_seat()
    coordinator = CoordinatorFactory(organisation=activity.organisation)
    proposals = proposals_to(activity)

    def accept(index: int) -> Match:
        with translation.override("da"):
            return lifecycle.accept_match(match_id=proposals[index].pk, by=coordinator)

    outcomes = run_concurrently(accept, count=CONTENDERS)

    winners = [o for o in outcomes if o.succeeded]
    assert len(winners) == 1, [o.error for o in outcomes if not o.succeeded][:3]
    assert winners[0].value.status == Match.Status.ACCEPTED
    losers = [o for o in outcomes if not o.succeeded]
    assert len(losers) == CONTENDERS - 1
    for loser in losers:
        assert type(loser.error) is lifecycle.NoSeatLeft, repr(loser.error)
        assert str(loser.error) == no_seat_message(activity)
    # Each contender really had a connection (a server backend) of its own.
    assert len({o.backend_pid for o in outcomes}) == CONTENDERS
    assert_one_winner_in_the_database(activity, proposals, winners[0].value.pk)


@pytest.mark.parametrize("kind", ["gunicorn", "uvicorn"])
def test_fifty_accept_requests_for_the_last_seat_get_one_200_and_forty_nine_409s(
    kind, server_env, tmp_path
):
    activity = activity_with_one_free_seat()
    coordinator = CoordinatorFactory(organisation=activity.organisation)
    proposals = proposals_to(activity)
    # The API authenticates by session and checks CSRF on a POST: a token of our own in
    # both the cookie and the header, as a browser page sends it.
    csrf = secrets.token_hex(16)
    cookie = f"{session_cookie(Client(), coordinator)}; csrftoken={csrf}"
    # Four gunicorn worker processes, each with its connection, or one uvicorn worker whose
    # requests each run in a thread of their own (Django's ASGI handler), borrowing from its
    # connection pool: the requests reach the database together.
    workers = 4 if kind == "gunicorn" else 1
    with app_server(kind, env=server_env, log_dir=tmp_path, workers=workers) as server:

        def accept(match: Match):
            return http(
                "POST",
                f"{server.url}/api/v1/matches/{match.pk}/accept/",
                cookie=cookie,
                headers={"X-CSRFToken": csrf, "Accept-Language": "da"},
                data={},
                timeout=60,
            )

        with ThreadPoolExecutor(max_workers=CONTENDERS) as pool:
            answers = list(pool.map(accept, proposals))

    statuses = sorted(answer.status for answer in answers)
    assert statuses == [200] + [409] * (CONTENDERS - 1), [
        (a.status, a.body[:200]) for a in answers if a.status not in (200, 409)
    ][:3]
    (winner,) = [answer.json() for answer in answers if answer.status == 200]
    assert winner["status"] == Match.Status.ACCEPTED
    for answer in answers:
        if answer.status == 409:
            assert answer.json() == {
                "code": "no_seat_left",
                "detail": no_seat_message(activity),
                "fields": {},
            }
    assert_one_winner_in_the_database(activity, proposals, winner["id"])


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
