"""A body over the limit is refused by the real servers before it is read, with or without
Content-Length: 413, and the server's memory stays where it was (peak RSS of the process
that served it, read from /proc). A chunked body under the limit still reaches the view."""

import contextlib
import os
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.scale.processes import PROJECT, free_port, stop_process, wait_for_port

BIN = Path(sys.executable).parent
BIG = 200 * 1024 * 1024
BLOCK = b"x" * (1 << 20)
# A 200 MB body read into memory shows as ~200 MB; refused unread it stays within this.
MEMORY_GROWTH_LIMIT_MB = 32

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")


def megabytes(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) // 1024
    raise LookupError(key)


def serving_process(server: subprocess.Popen, kind: str) -> int:
    """gunicorn's worker (the master only forks), or the server itself."""
    if kind != "gunicorn":
        return server.pid
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise TimeoutError("gunicorn started no worker")


@pytest.fixture(scope="module", params=["gunicorn", "embedded"])
def server(request, tmp_path_factory):
    """Production's HTTP server, and `make run`'s one server as it starts it."""
    kind = request.param
    port = free_port()
    command = {
        "gunicorn": [BIN / "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
                     "--workers", "1", "--log-level", "warning"],
        "embedded": [PROJECT / "deploy" / "serve-embedded", "--log-level", "warning"],
    }[kind]  # fmt: skip
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('db') / 'db.sqlite3'}",
        "BIN": str(BIN),
        "PORT": str(port),
    }
    process = subprocess.Popen(
        command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_port(port, process=process)
        # One small request first, so that Django is loaded before memory is measured.
        post(port, b'{"a": 1}', chunked=True)
        yield kind, port, serving_process(process, kind)
    finally:
        stop_process(process)


def post(port: int, body: bytes | int, *, chunked: bool, path="/api/v1/volunteer-sign-ups/"):
    """POST over a raw socket: `body` bytes, or that many bytes sent a megabyte at a time
    until the server answers. Returns the status and the bytes sent."""
    total = body if isinstance(body, int) else len(body)
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    head += "Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {total}\r\n"
    sock.sendall(head.encode() + b"Connection: close\r\n\r\n")
    sent = 0
    with sock:
        try:
            while sent < total:
                if select.select([sock], [], [], 0)[0]:
                    break  # the server has answered: stop sending
                part = BLOCK if isinstance(body, int) else body
                part = part[: total - sent]
                sock.sendall(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part)
                sent += len(part)
            else:
                if chunked:
                    sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = b""
        with contextlib.suppress(ConnectionResetError):
            while part := sock.recv(65536):
                answer += part
    return int(answer.split(b" ", 2)[1]), sent, answer


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_200_mb_body_is_refused_unread_and_memory_stays_bounded(server, chunked):
    kind, port, pid = server
    before = megabytes(pid, "VmRSS")
    status, sent, answer = post(port, BIG, chunked=chunked)
    time.sleep(0.2)
    growth = megabytes(pid, "VmHWM") - before
    print(f"{kind} {'chunked' if chunked else 'length'}: {growth} MB, {sent >> 20} MB sent")
    assert status == 413, answer
    assert b"for stor" in answer
    assert sent < BIG
    assert growth < MEMORY_GROWTH_LIMIT_MB


def test_a_chunked_body_under_the_limit_reaches_the_view(server):
    _, port, _ = server
    # Malformed JSON: the view's parser read the body (an empty body would be another error).
    status, _, answer = post(port, b'{"first_name": ', chunked=True)
    assert status == 400, answer
    assert b"JSON" in answer
