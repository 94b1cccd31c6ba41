"""The WebSocket /ws/inbox/: session-authenticated, origin-checked, and each event only
reaches the organisation's coordinators or the citizen's team."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application
from matching import batch
from matching.events import organisation_group, publish
from matching.lifecycle import accept_match
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    MatchFactory,
    OrganisationFactory,
    StaffFactory,
    TeamFactory,
    sign_in,
)

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://localhost")


def session_cookie(user) -> bytes:
    client = Client()
    sign_in(client, user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def connect(user=None, origin=ORIGIN):
    headers = [origin, (b"host", b"localhost")]
    if user is not None:
        headers.append((b"cookie", await database_sync_to_async(session_cookie)(user)))
    communicator = WebsocketCommunicator(application, "/ws/inbox/", headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


@database_sync_to_async
def world():
    ours, theirs = OrganisationFactory(), OrganisationFactory()
    home_team, other_team = TeamFactory(), TeamFactory()
    match = MatchFactory(
        activity=ActivityFactory(organisation=ours), citizen=CitizenFactory(team=home_team)
    )
    return {
        "match": match,
        "anna": CoordinatorFactory(organisation=ours),
        "outsider": CoordinatorFactory(organisation=theirs),
        "staff": StaffFactory(team=home_team),
        "other_staff": StaffFactory(team=other_team),
    }


async def test_anonymous_is_refused():
    _communicator, connected, code = await connect()
    assert not connected
    assert code == 4401


async def test_a_foreign_origin_is_refused():
    people = await world()
    _communicator, connected, _code = await connect(
        people["anna"], origin=(b"origin", b"http://evil.example")
    )
    assert not connected


async def test_accept_reaches_own_coordinators_and_the_citizens_team_only():
    people = await world()
    sockets = {}
    for name in ("anna", "outsider", "staff", "other_staff"):
        communicator, connected, _ = await connect(people[name])
        assert connected, name
        assert (await communicator.receive_json_from())["event"] == "hello"
        sockets[name] = communicator

    match = people["match"]
    await database_sync_to_async(accept_match)(match_id=match.pk, by=people["anna"])

    to_anna = await sockets["anna"].receive_json_from(timeout=2)
    assert to_anna == {
        "event": "match.changed",
        "payload": {"match": str(match.pk), "status": "accepted", "activity": match.activity_id},
    }
    to_staff = await sockets["staff"].receive_json_from(timeout=2)
    assert to_staff["event"] == "citizen.status"
    assert to_staff["payload"]["status"] == "accepted"
    assert "first_name" not in str(to_staff)  # ids and statuses only
    assert await sockets["outsider"].receive_nothing(timeout=0.3)
    assert await sockets["other_staff"].receive_nothing(timeout=0.3)
    # Anna hears about the match once, not about the citizen's team.
    assert await sockets["anna"].receive_nothing(timeout=0.3)
    for communicator in sockets.values():
        await communicator.disconnect()


async def test_a_batch_run_pushes_new_proposals_to_the_organisation():
    people = await world()
    organisation_id = people["match"].organisation_id

    @database_sync_to_async
    def waiting_citizen_near_an_activity():
        activity = ActivityFactory(organisation_id=organisation_id)
        CitizenFactory()
        return activity

    activity = await waiting_citizen_near_an_activity()
    anna, connected, _ = await connect(people["anna"])
    assert connected
    outsider, _, _ = await connect(people["outsider"])
    await anna.receive_json_from()
    await outsider.receive_json_from()
    await database_sync_to_async(batch.run_night)()
    event = await anna.receive_json_from(timeout=2)
    assert event["event"] == "match.changed"
    assert event["payload"]["status"] == "proposed"
    assert event["payload"]["activity"] in {activity.pk, people["match"].activity_id}
    assert await outsider.receive_nothing(timeout=0.3)
    await anna.disconnect()
    await outsider.disconnect()


async def _closed_within_a_second(communicator) -> int:
    output = await communicator.receive_output(timeout=1)
    assert output["type"] == "websocket.close"
    return output["code"]


@pytest.mark.parametrize("change", ["deactivate", "new_password", "role_removed", "logout"])
async def test_a_socket_closes_when_the_access_behind_it_ends(change):
    people = await world()
    anna, match = people["anna"], people["match"]
    communicator, connected, _ = await connect(anna)
    assert connected
    assert (await communicator.receive_json_from())["event"] == "hello"

    @database_sync_to_async
    def end_access():
        if change == "deactivate":
            anna.is_active = False
            anna.save()
        elif change == "new_password":
            anna.set_password("en helt ny adgangskode 2026")
            anna.save()
        elif change == "role_removed":
            anna.memberships.all().delete()
        else:
            client = Client()
            sign_in(client, anna)
            assert client.post("/logout/").status_code == 302

    await end_access()
    assert await _closed_within_a_second(communicator) == 4401
    # Nothing after: an event for the organisation no longer reaches this socket.
    await database_sync_to_async(publish)(
        organisation_group(match.organisation_id), "match.changed", {"match": str(match.pk)}
    )
    assert await communicator.receive_nothing(timeout=0.3)


async def test_saving_a_user_without_a_new_password_keeps_the_socket_open():
    people = await world()
    anna = people["anna"]
    communicator, connected, _ = await connect(anna)
    assert connected
    assert (await communicator.receive_json_from())["event"] == "hello"

    @database_sync_to_async
    def rename():
        anna.first_name = "Anne"
        anna.save()

    await rename()
    assert await communicator.receive_nothing(timeout=0.5)
    await communicator.disconnect()
