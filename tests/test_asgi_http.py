"""HTTP through the ASGI application: Django's whole chain in one call per request, on the
handler's own small pool of threads, returning its database connection when it ends."""

import gc
import json
import threading

import pytest
from asgiref.testing import ApplicationCommunicator
from django.core import signals
from django.db import connections

from config.asgi import application, django_asgi_app
from tests.factories import ActivityFactory, MeetingPlaceFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def asgi_get(path: str, query: str = "") -> tuple[int, dict, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"accept-language", b"da")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await communicator.receive_output(10)
    body = b""
    while True:
        message = await communicator.receive_output(10)
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await communicator.wait(10)
    return start["status"], dict(start["headers"]), body


def in_pool(function):
    return django_asgi_app.executor.submit(function).result(10)


@pytest.fixture
def two_activities():
    for latitude in (54.798, 54.82):
        ActivityFactory(meeting_place=MeetingPlaceFactory(latitude=latitude, longitude=11.6452))


async def test_the_api_and_a_page_answer_through_asgi(two_activities):
    status, headers, body = await asgi_get("/api/v1/activities/", "near=4990")
    assert status == 200, body[:300]
    assert headers[b"Content-Type"] == b"application/json"
    assert json.loads(body)["count"] == 2
    status, _, body = await asgi_get("/find/", "near=4990")
    assert status == 200 and b"<html" in body


async def test_a_request_runs_in_one_pool_thread_from_its_start_to_its_end(
    two_activities, monkeypatch
):
    seen: list[tuple[str, str]] = []

    def note(step):
        return lambda **kwargs: seen.append((step, threading.current_thread().name))

    started, finished = note("started"), note("finished")
    signals.request_started.connect(started)
    signals.request_finished.connect(finished)
    chain = django_asgi_app.get_response
    monkeypatch.setattr(
        django_asgi_app,
        "get_response",
        lambda request: (note("view")(), chain(request))[1],
    )
    try:
        status, _, _ = await asgi_get("/api/v1/activities/")
    finally:
        signals.request_started.disconnect(started)
        signals.request_finished.disconnect(finished)
    assert status == 200
    assert [step for step, _ in seen] == ["started", "view", "finished"]
    threads = {thread for _, thread in seen}
    assert len(threads) == 1 and threads.pop().startswith("http"), seen


async def test_the_pool_thread_holds_no_database_connection_between_requests(
    two_activities, monkeypatch
):
    # As under DATABASE_POOL=1 (or CONN_MAX_AGE=0): each request gives its connection back.
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_MAX_AGE", 0)
    in_pool(lambda: connections["default"].close())  # one an earlier test left open
    status, _, _ = await asgi_get("/api/v1/activities/")
    assert status == 200
    assert in_pool(lambda: connections["default"].connection) is None
    # And the next request opens one again.
    status, _, body = await asgi_get("/api/v1/activities/")
    assert status == 200 and json.loads(body)["count"] == 2


def test_start_up_objects_are_kept_out_of_the_collector_and_requests_collect_young():
    assert gc.get_freeze_count() > 10_000
    threshold0, _, _ = gc.get_threshold()
    assert threshold0 >= 10_000
