"""Two worker processes share live events through Redis: a coordinator connected to one
worker hears what a request to another worker caused."""

import asyncio

import pytest

from matching.events import organisation_group

from .processes import app_server, http
from .websocket_client import open_inbox, receive

pytestmark = pytest.mark.scale


@pytest.mark.parametrize("kind_b", ["uvicorn", "gunicorn"])
def test_event_caused_on_worker_b_reaches_a_socket_on_worker_a(
    kind_b, server_env, coordinator_cookie, staff_cookie, tmp_path
):
    cookie, organisation = coordinator_cookie
    with (
        app_server("uvicorn", env=server_env, log_dir=tmp_path) as worker_a,
        app_server(kind_b, env=server_env, log_dir=tmp_path) as worker_b,
    ):

        async def scenario():
            socket = await open_inbox(worker_a, cookie)
            try:
                answer = await asyncio.to_thread(
                    http,
                    "POST",
                    f"{worker_b.url}/scale-test/publish/",
                    cookie=staff_cookie,
                    data={
                        "group": organisation_group(organisation.id),
                        "event": "match.proposed",
                        "serial": "1",
                    },
                )
                assert answer.status == 200, answer.body
                # Served by B's process (gunicorn's worker is a child of its master).
                assert answer.json()["pid"] != worker_a.process.pid
                return await receive(socket, timeout=10)
            finally:
                await socket.close()

        message = asyncio.run(scenario())
    assert message == {"event": "match.proposed", "payload": {"serial": "1"}}


def test_event_for_another_organisation_does_not_reach_the_socket(
    server_env, coordinator_cookie, staff_cookie, tmp_path
):
    cookie, organisation = coordinator_cookie
    with (
        app_server("uvicorn", env=server_env, log_dir=tmp_path) as worker_a,
        app_server("uvicorn", env=server_env, log_dir=tmp_path) as worker_b,
    ):

        async def scenario():
            socket = await open_inbox(worker_a, cookie)
            try:
                for group, serial in [(organisation_group(organisation.id + 1000), "other"),
                                      (organisation_group(organisation.id), "own")]:  # fmt: skip
                    answer = await asyncio.to_thread(
                        http,
                        "POST",
                        f"{worker_b.url}/scale-test/publish/",
                        cookie=staff_cookie,
                        data={"group": group, "event": "match.proposed", "serial": serial},
                    )
                    assert answer.status == 200, answer.body
                # Redis keeps the order of one publisher: the first message to arrive is
                # the own organisation's only if the other one was never delivered.
                return await receive(socket, timeout=10)
            finally:
                await socket.close()

        message = asyncio.run(scenario())
    assert message["payload"] == {"serial": "own"}


def test_publishing_needs_a_staff_user(server_env, coordinator_cookie, tmp_path):
    cookie, organisation = coordinator_cookie
    with app_server("uvicorn", env=server_env, log_dir=tmp_path) as worker:
        answer = http(
            "POST",
            f"{worker.url}/scale-test/publish/",
            cookie=cookie,
            data={"group": organisation_group(organisation.id), "event": "x", "serial": "1"},
        )
    assert answer.status == 403
