"""HTTP through the ASGI application that the embedded server (uvicorn) runs: Django's own
ASGI handler behind channels' router. Pages and the API answer, and one visitor's slow
request does not hold up another's."""

import asyncio
import json
import re
import time
from urllib.parse import urlencode

import pytest
from asgiref.testing import ApplicationCommunicator
from django.test import override_settings

from config.asgi import application
from tests.factories import ActivityFactory, MeetingPlaceFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def asgi_request(
    path: str, query: str = "", *, method: str = "GET", body: bytes = b"", headers=()
) -> tuple[int, list, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"accept-language", b"da"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": body, "more_body": False})
    start = await communicator.receive_output(60)
    content = b""
    while True:
        message = await communicator.receive_output(60)
        content += message.get("body", b"")
        if not message.get("more_body"):
            break
    await communicator.wait(60)
    return start["status"], start["headers"], content


@pytest.fixture
def two_activities():
    for latitude in (54.798, 54.82):
        ActivityFactory(meeting_place=MeetingPlaceFactory(latitude=latitude, longitude=11.6452))


async def test_the_api_and_a_page_answer_through_asgi(two_activities):
    status, headers, body = await asgi_request("/api/v1/activities/", "near=4990")
    assert status == 200, body[:300]
    assert dict(headers)[b"Content-Type"] == b"application/json"
    assert json.loads(body)["count"] == 2
    status, _, body = await asgi_request("/find/", "near=4990")
    assert status == 200 and b"<html" in body


async def failed_sign_in(number: int) -> float:
    """A wrong password for an unknown user, as a stranger's form sends it; its seconds."""
    status, headers, page = await asgi_request("/login/")
    assert status == 200
    cookie = next(v for k, v in headers if k.lower() == b"set-cookie" and b"csrftoken" in v)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urlencode(
        {"username": f"stranger{number}", "password": "wrong", "csrfmiddlewaretoken": token}
    )
    started = time.perf_counter()
    status, _, _ = await asgi_request(
        "/login/",
        method="POST",
        body=form.encode(),
        headers=[
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"cookie", cookie.split(b";")[0]),
        ],
    )
    assert status == 200  # the form again, with its message
    return time.perf_counter() - started


# Django's default hasher, at its full cost: each failed sign-in hashes one password.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"])
async def test_failed_sign_ins_do_not_hold_up_other_visitors_pages(two_activities):
    alone = await failed_sign_in(0)
    sign_ins = [asyncio.create_task(failed_sign_in(n)) for n in range(1, 7)]
    await asyncio.sleep(alone / 4)  # all six are hashing now
    started = time.perf_counter()
    status, _, _ = await asgi_request("/find/", "near=4990")
    page_seconds = time.perf_counter() - started
    sign_in_seconds = await asyncio.gather(*sign_ins)
    assert status == 200
    # The page shares the CPU with six hashes, but it does not queue behind them: on one
    # shared thread it would end after the last of them.
    assert page_seconds < max(sign_in_seconds) / 2, (page_seconds, alone, sign_in_seconds)
