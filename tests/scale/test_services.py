"""The application on the real services: PostgreSQL as the database, Redis as the cache and
the channel layer."""

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.core.cache import cache
from django.db import connection
from django_redis import get_redis_connection

from config.asgi import application
from matching.events import organisation_group, publish
from tests.factories import CoordinatorFactory, sign_in

pytestmark = pytest.mark.scale


@pytest.mark.django_db
def test_database_is_postgresql_through_psycopg_3():
    assert connection.vendor == "postgresql"
    assert connection.Database.__name__ == "psycopg"


def test_cache_round_trips_through_redis():
    cache.set("scale-greeting", {"tekst": "Goddag"}, timeout=30)
    try:
        assert cache.get("scale-greeting") == {"tekst": "Goddag"}
        assert get_redis_connection("default").ping()
    finally:
        cache.delete("scale-greeting")


def test_channel_layer_is_redis_pub_sub():
    assert type(get_channel_layer()).__name__ == "RedisPubSubChannelLayer"


@pytest.mark.django_db(transaction=True)
async def test_published_event_reaches_the_coordinators_socket_through_redis(client):
    coordinator = await sync_to_async(CoordinatorFactory)()
    organisation_id = await sync_to_async(lambda: coordinator.memberships.get().organisation_id)()
    await sync_to_async(sign_in)(client, coordinator)
    communicator = WebsocketCommunicator(
        application,
        "/ws/inbox/",
        headers=[
            (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
            (b"origin", b"http://127.0.0.1"),
            (b"host", b"127.0.0.1"),
        ],
    )
    connected, _ = await communicator.connect(timeout=10)
    assert connected
    assert (await communicator.receive_json_from(timeout=10))["event"] == "hello"

    # As a service does: publish from sync code, sent when the transaction commits.
    await sync_to_async(publish)(
        organisation_group(organisation_id), "match.proposed", {"match": "m-1"}
    )

    message = await communicator.receive_json_from(timeout=10)
    assert message == {"event": "match.proposed", "payload": {"match": "m-1"}}
    await communicator.disconnect()
