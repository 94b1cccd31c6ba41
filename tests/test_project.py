"""The project as a whole: checks, migrations, and the ASGI application."""

from io import StringIO

import pytest
from channels.testing import HttpCommunicator, WebsocketCommunicator
from django.core.management import call_command

from config.asgi import application
from tests.factories import CoordinatorFactory, sign_in


def test_manage_py_check_is_clean():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


@pytest.mark.django_db
def test_models_and_migrations_agree():
    # Exits with SystemExit(1) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
async def test_asgi_app_answers_http():
    communicator = HttpCommunicator(application, "GET", "/", headers=[(b"host", b"127.0.0.1")])
    # The first request imports the home page's modules: more than the default second.
    response = await communicator.get_response(timeout=30)
    assert response["status"] == 200
    assert "Samvær".encode() in response["body"]


@pytest.mark.django_db(transaction=True)
async def test_asgi_app_accepts_a_signed_in_websocket(client):
    from asgiref.sync import sync_to_async

    user = await sync_to_async(CoordinatorFactory)()
    await sync_to_async(sign_in)(client, user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    communicator = WebsocketCommunicator(
        application,
        "/ws/inbox/",
        headers=[(b"cookie", cookie), (b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")],
    )
    connected, _ = await communicator.connect()
    assert connected
    hello = await communicator.receive_json_from()
    assert hello == {"event": "hello", "payload": {"groups": 1}}
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_asgi_app_refuses_an_anonymous_websocket():
    communicator = WebsocketCommunicator(
        application,
        "/ws/inbox/",
        headers=[(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")],
    )
    connected, code = await communicator.connect()
    assert not connected
    assert code == 4401
