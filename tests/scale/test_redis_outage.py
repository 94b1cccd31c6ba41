"""Redis stops while the app runs: pages and the API keep answering from the database, and
live updates come back by themselves once Redis is back."""

import asyncio
import time

import pytest

from matching.events import organisation_group

from .processes import PrivateRedis, app_server, http
from .websocket_client import open_inbox, receive

pytestmark = pytest.mark.scale

PAGES = [
    "/",
    "/om/",
    "/find/?near=4990",
    "/api/v1/",
    "/api/v1/schema/",
    "/api/v1/activities/?near=4990",
    "/api/v1/meeting-places/?near=54.80,11.65",
    "/scale-test/cached/",
]


def test_pages_answer_without_redis_and_live_updates_resume(
    server_env, coordinator_cookie, staff_cookie, tmp_path
):
    cookie, organisation = coordinator_cookie
    group = organisation_group(organisation.id)
    with PrivateRedis() as redis:
        env = {**server_env, "REDIS_URL": redis.url}
        with (
            app_server("uvicorn", env=env, log_dir=tmp_path) as worker_a,
            app_server("uvicorn", env=env, log_dir=tmp_path) as worker_b,
        ):

            def publish(serial: str):
                return http(
                    "POST",
                    f"{worker_b.url}/scale-test/publish/",
                    cookie=staff_cookie,
                    data={"group": group, "event": "match.proposed", "serial": serial},
                )

            async def scenario():
                socket = await open_inbox(worker_a, cookie)
                try:
                    assert (await asyncio.to_thread(publish, "before")).status == 200
                    before = await receive(socket)

                    redis.stop()
                    during = {}
                    for server in (worker_a, worker_b):
                        for page in PAGES:
                            answer = await asyncio.to_thread(
                                http, "GET", server.url + page, cookie=staff_cookie
                            )
                            during[server.port, page] = answer.status
                    lost = await asyncio.to_thread(publish, "during")
                    # The public sign-up's rate limit lives in the cache: it lets people in.
                    signed_up = await asyncio.to_thread(
                        http,
                        "POST",
                        f"{worker_a.url}/api/v1/volunteer-sign-ups/",
                        data={
                            "organisation": organisation.pk,
                            "first_name": "Karen",
                            "email": "karen@example.org",
                            "postcode": "4990",
                            "consent": "true",
                        },
                    )

                    redis.start()
                    # The pub/sub layer reconnects and subscribes again on its own; until
                    # it has, an event is lost (at most once), so publish until one arrives.
                    deadline = time.monotonic() + 20
                    after = None
                    serial = 0
                    while after is None and time.monotonic() < deadline:
                        serial += 1
                        assert (await asyncio.to_thread(publish, f"after-{serial}")).status == 200
                        try:
                            after = await receive(socket, timeout=1)
                        except TimeoutError:
                            continue
                    return before, during, lost, signed_up, after
                finally:
                    await socket.close()

            before, during, lost, signed_up, after = asyncio.run(scenario())

            fresh_socket_message = asyncio.run(_fresh_socket_hears(worker_a, cookie, publish))
            log_b = worker_b.output()

    assert before["payload"] == {"serial": "before"}
    assert set(during.values()) == {200}, during
    # The change behind an event is never refused because its live notice cannot go out.
    assert lost.status == 200
    assert "Live event match.proposed to" in log_b
    assert signed_up.status == 201, signed_up.body[:500]
    # django-redis logs each error it ignores (DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS).
    assert "Exception ignored" in log_b
    assert after is not None, "no live update reached the open socket after Redis came back"
    assert after["payload"]["serial"].startswith("after-")
    assert fresh_socket_message["payload"] == {"serial": "fresh"}


async def _fresh_socket_hears(server, cookie, publish) -> dict:
    socket = await open_inbox(server, cookie)
    try:
        assert (await asyncio.to_thread(publish, "fresh")).status == 200
        return await receive(socket)
    finally:
        await socket.close()
