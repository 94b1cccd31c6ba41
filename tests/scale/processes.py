"""Real processes for the scale tests: app servers, a private Redis, a private PostgreSQL.

Everything is bounded in time, and every process started here is stopped by the context
manager that started it, whatever the test did. The fault tests stop and restart their own
private Redis and PostgreSQL, never the machine's shared ones on 6379 and 5432.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_BIN = Path("/usr/lib/postgresql") / (
    sorted(os.listdir("/usr/lib/postgresql"))[-1] if Path("/usr/lib/postgresql").exists() else ""
)
START_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, timeout: float = START_TIMEOUT, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process on port {port} exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def wait_for_answer(url: str, *, timeout: float = START_TIMEOUT, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server of {url} exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=timeout).close()
            return
        except urllib.error.HTTPError:
            return  # an answer all the same
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def stop_process(process: subprocess.Popen, *, timeout: float = 10) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


@dataclass
class Response:
    status: int
    body: bytes

    def json(self):
        return json.loads(self.body)


def http(
    method: str,
    url: str,
    *,
    cookie: str = "",
    data: dict | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10,
) -> Response:
    """One HTTP request; any status comes back as a Response, not an exception."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return Response(answer.status, answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read())


@dataclass
class AppServer:
    kind: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def app_server(
    kind: str, *, env: dict[str, str], log_dir: Path, workers: int = 1
) -> Iterator[AppServer]:
    """A server of Samvær: "uvicorn" (ASGI) or "gunicorn" (WSGI), one worker process unless
    told (gunicorn only: a test that tells worker processes apart starts two servers)."""
    port = free_port()
    full_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.scale.settings",
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    if kind == "uvicorn":
        # Pooled connections under ASGI, as deploy/serve-scale runs it.
        full_env.setdefault("DATABASE_POOL", "1")
        command = [
            BIN / "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
            "--port", str(port), "--log-level", "warning",
        ]  # fmt: skip
    elif kind == "gunicorn":
        command = [
            BIN / "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--timeout", "30", "--log-level", "warning",
        ]  # fmt: skip
    else:
        raise ValueError(kind)
    log = log_dir / f"{kind}-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT, env=full_env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_for_port(port, process=process)
        # gunicorn listens before its workers have loaded Django; on a busy machine the
        # first request could wait longer than a test's timeout for it.
        wait_for_answer(f"http://127.0.0.1:{port}/", process=process)
        yield AppServer(kind, port, process, log)
    finally:
        stop_process(process)


class PrivateRedis:
    """A Redis of the test's own, on a free port, that the test may stop and start."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--loglevel", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port(self.port, process=self.process)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None

    def __enter__(self) -> "PrivateRedis":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own (initdb in a temporary folder, trust auth)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="samvaer-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        # PostgreSQL refuses to run as root; as root, run it as the postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.folder, "postgres", "postgres")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 60) -> None:
        subprocess.run([*self.as_user, *args], check=True, timeout=timeout, capture_output=True)

    def start(self) -> None:
        self._run(
            str(PG_BIN / "bin" / "pg_ctl"), "start", "-D", str(self.data), "-l", str(self.log),
            "-w", "-t", str(START_TIMEOUT),
            "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """`mode` as pg_ctl's: "fast" rolls back open transactions and closes connections;
        "immediate" stops at once, as a crash would (recovery runs at the next start)."""
        self._run(
            str(PG_BIN / "bin" / "pg_ctl"), "stop", "-D", str(self.data), "-m", mode,
            "-w", "-t", str(START_TIMEOUT),
        )  # fmt: skip

    def restart(self) -> None:
        self.stop()
        self.start()

    def __enter__(self) -> "PrivatePostgres":
        self._run(
            str(PG_BIN / "bin" / "initdb"), "-D", str(self.data), "-U", "postgres",
            "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        with contextlib.suppress(subprocess.SubprocessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
