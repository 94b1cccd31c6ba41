"""The WebSocket routes (channels, outside Django's URL resolver), called as every role.

A route without a row in EXPECTED_SOCKETS fails, as in the HTTP matrix.
"""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application
from matching.routing import websocket_urlpatterns
from tests.factories import sign_in
from tests.security.conftest import ROLES

ACCEPTED, UNAUTHENTICATED = "accepted", 4401

# How each role's connection ends: accepted, or the close code it gets.
EXPECTED_SOCKETS = {
    "ws/inbox/": {
        "anonymous": UNAUTHENTICATED,
        **{role: ACCEPTED for role in ROLES if role != "anonymous"},
    },
}

ROUTES = [str(pattern.pattern) for pattern in websocket_urlpatterns]


def test_every_socket_has_a_row():
    assert sorted(ROUTES) == sorted(EXPECTED_SOCKETS)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("route", ROUTES)
async def test_socket_answers_each_role_as_written(route, world_async):
    unexpected = []
    for role in ROLES:
        headers = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]
        user = world_async.users[role]
        if user is not None:
            client = Client()
            await sync_to_async(sign_in)(client, user)
            headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
        communicator = WebsocketCommunicator(application, f"/{route}", headers=headers)
        connected, code = await communicator.connect()
        outcome = ACCEPTED if connected else code
        if connected:
            await communicator.disconnect()
        if outcome != EXPECTED_SOCKETS[route][role]:
            unexpected.append(f"{role}: {outcome}")
    assert not unexpected, f"/{route}: " + "; ".join(unexpected)


def test_a_foreign_origin_is_refused(db):
    # The origin check stands before any consumer.
    async def connect():
        communicator = WebsocketCommunicator(
            application,
            "/ws/inbox/",
            headers=[(b"origin", b"https://evil.example"), (b"host", b"127.0.0.1")],
        )
        connected, _ = await communicator.connect()
        return connected

    from asgiref.sync import async_to_sync

    assert async_to_sync(connect)() is False


@pytest.mark.django_db(transaction=True)
async def test_a_password_alone_opens_no_socket(world_async):
    refused = []
    for role in ROLES:
        user = world_async.users[role]
        if user is None:
            continue
        client = Client()
        await sync_to_async(client.force_login)(user)  # the password step only
        cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
        headers = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1"), (b"cookie", cookie)]
        communicator = WebsocketCommunicator(application, "/ws/inbox/", headers=headers)
        connected, code = await communicator.connect()
        if connected:
            await communicator.disconnect()
        else:
            refused.append((role, code))
    assert refused == [(role, UNAUTHENTICATED) for role in ROLES if role != "anonymous"]
