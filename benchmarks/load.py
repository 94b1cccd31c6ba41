"""Load benchmark of the scale-out mode as docs/deploy.md lays it out: real servers on
PostgreSQL and Redis, loaded from a second process on 127.0.0.1.

1. HTTP: gunicorn (config.wsgi) with the workers docs/deploy.md sizes for the machine's
   cores (2 x cores + 1), on PostgreSQL holding 100,000 activities; wrk (Debian's package)
   loads the nearby search `/api/v1/activities/?near=...` and, on the same server, a plain
   DRF list of 20 activities (benchmarks/load_urls.py): requests/s, p50, p99, in
   interleaved rounds.
2. WebSockets: 2,000 signed-in inbox sockets on one uvicorn worker with Redis; one event
   published from another process through matching.events.publish; the time until the
   last socket has it (the worst of a few broadcasts).

Prints progress to stderr and one JSON object on the last line of stdout. `make bench-load`.
"""

import argparse
import asyncio
import json
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import time as clock
from pathlib import Path

import uvloop

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# Denmark's land, roughly: where the synthetic meeting places lie.
LATITUDES, LONGITUDES = (54.6, 57.7), (8.1, 12.6)
NEAR = (55.6761, 12.5683)  # Copenhagen's town hall square: a dense spot for the search.


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=3, help="seconds of one wrk round")
    parser.add_argument("--rounds", type=int, default=9, help="wrk rounds per path")
    parser.add_argument("--connections", type=int, default=32, help="wrk's open connections")
    parser.add_argument(
        "--http-workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn's workers (docs/deploy.md: 2 x cores + 1)",
    )
    parser.add_argument("--sockets", type=int, default=2_000)
    parser.add_argument("--broadcasts", type=int, default=5)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/samvaer_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--reseed", action="store_true", help="rebuild the data set")
    parser.add_argument("--ws", default="auto", help="uvicorn's WebSocket protocol")
    parser.add_argument("--deflate", action="store_true", help="let sockets compress each message")
    parser.add_argument("--only", choices=["http", "ws"], help="run one half only")
    return parser.parse_args()


def raise_open_files_limit(needed: int) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(hard, needed)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def create_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(activities: int, *, reseed: bool) -> None:
    """100,000 activities at 10,000 meeting places spread over Denmark (fictional)."""
    from django.db import connection, transaction

    from meetingplaces.models import Activity, MeetingPlace, Municipality, Organisation

    if not reseed and Activity.objects.count() == activities:
        log(f"data: {activities} activities already there")
        return
    started = time.perf_counter()
    with transaction.atomic():
        Activity.objects.all().delete()
        MeetingPlace.objects.all().delete()
        Organisation.objects.all().delete()
        Municipality.objects.all().delete()
        municipality = Municipality.objects.create(
            code="0999", name="Benchmark Kommune", slug="benchmark"
        )
        organisation = Organisation.objects.create(
            municipality=municipality, name="Benchmarkforeningen", kind="association"
        )
        rng = random.Random(7)
        per_place = 10
        places = MeetingPlace.objects.bulk_create(
            [
                MeetingPlace(
                    municipality=municipality,
                    host=organisation,
                    name=f"Mødested {n}",
                    street=f"Vej {n}",
                    postcode="1000",
                    town="By",
                    latitude=rng.uniform(*LATITUDES),
                    longitude=rng.uniform(*LONGITUDES),
                    step_free=rng.random() < 0.6,
                )
                for n in range((activities + per_place - 1) // per_place)
            ],
            batch_size=5_000,
        )
        categories = ["community", "workshop", "movement", "walking", "games", "music"]
        Activity.objects.bulk_create(
            [
                Activity(
                    municipality=municipality,
                    meeting_place=places[n // per_place],
                    organisation=organisation,
                    title=f"Aktivitet {n}",
                    category=categories[n % len(categories)],
                    interests=rng.getrandbits(12),
                    weekday=n % 7,
                    start_time=clock(9 + n % 10, 0),
                    end_time=clock(10 + n % 10, 30),
                    capacity=20,
                    participants=rng.randrange(0, 20),
                )
                for n in range(activities)
            ],
            batch_size=5_000,
        )
    # Fresh statistics, so the planner uses the location index as it will in production.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"data: {activities} activities seeded in {time.perf_counter() - started:.0f} s")


def signed_in_coordinator_cookie() -> tuple[str, int]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from meetingplaces.models import Membership, Organisation

    organisation = Organisation.objects.get(name="Benchmarkforeningen")
    user, _ = get_user_model().objects.get_or_create(username="benchmark-koordinator")
    Membership.objects.get_or_create(
        user=user,
        role=Membership.Role.COORDINATOR,
        municipality=organisation.municipality,
        organisation=organisation,
    )
    client = Client()
    client.force_login(user)
    # The second factor, marked in the session as the sign-in's code step marks it.
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    # __Host-sessionid under production settings (HTTPS), sessionid otherwise.
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}", organisation.pk


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A server under test: one or more processes answering on one port."""

    def __init__(self, processes: list[subprocess.Popen], port: int):
        self.processes, self.port = processes, port

    @property
    def pid(self) -> int:
        return self.processes[0].pid

    def poll(self):
        exited = [p.returncode for p in self.processes if p.poll() is not None]
        return exited[0] if exited else None


def start_server(kind: str, workers: int, *extra: str) -> tuple[Server, int]:
    """uvicorn: one process per worker, each with its own SO_REUSEPORT socket on the port.

    `uvicorn --workers N` shares one listening socket, and whichever worker wakes first
    accepts everything waiting: wrk opens its 32 keep-alive connections at once, and in 2
    runs of 6 one worker took all 32 and the other none, halving the requests/s. With a
    socket per worker the kernel spreads the connections over them (as with nginx's
    `reuseport`), the way several ASGI workers behind a proxy each get their share.
    """
    port = free_port()
    processes = []
    if kind == "uvicorn":
        for _ in range(workers):
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            listener.bind(("127.0.0.1", port))
            listener.listen(4096)  # connections wait here until this worker has started
            command = [BIN / "uvicorn", "config.asgi:application", "--fd",
                       str(listener.fileno()), "--log-level", "warning", "--no-access-log",
                       "--backlog", "4096", *extra]  # fmt: skip
            env = {**os.environ, "DATABASE_POOL": "1"}
            processes.append(
                subprocess.Popen(
                    command,
                    cwd=PROJECT,
                    env=env,
                    start_new_session=True,
                    pass_fds=[listener.fileno()],
                )
            )
            listener.close()  # the worker holds its own copy
    else:
        command = [BIN / "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
                   "--workers", str(workers), "--log-level", "warning"]  # fmt: skip
        processes.append(
            subprocess.Popen(command, cwd=PROJECT, env=os.environ, start_new_session=True)
        )
    server = Server(processes, port)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            stop_server(server)
            raise RuntimeError(f"{kind} exited with {server.poll()}")
        # Each new connection lands on one of the sockets at random: when 10 in a row are
        # answered at once, every worker is serving (all 10 on one of 2 workers: 1 in 500).
        if all(answers(f"http://127.0.0.1:{port}/api/v1/") for _ in range(10)):
            return server, port
        time.sleep(0.2)
    stop_server(server)
    raise TimeoutError(f"{kind} did not answer within 60 s")


def stop_server(server: Server) -> None:
    for process in server.processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in server.processes:
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def server_cpu(server: Server) -> float:
    """CPU seconds used so far by the server's processes (workers included) and by
    PostgreSQL's, which answer its queries on the same two cores."""
    groups = {process.pid for process in server.processes}
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, fields = stat.read_text().rsplit(")", 1)
        except OSError:  # gone meanwhile
            continue
        fields = fields.split()
        if int(fields[2]) in groups or name.endswith("(postgres"):
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def get_status(url: str, *, timeout: float = 10) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def answers(url: str) -> bool:
    try:
        return get_status(url, timeout=1) is not None
    except OSError:  # not listening yet, or still starting
        return False


DRAIN_SECONDS = 1
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, *, duration: int, connections: int) -> dict:
    """Requests/s and latency percentiles (ms) of a wrk run; non-2xx answers make it fail."""
    done = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency",
         url],
        capture_output=True, text=True, timeout=duration + 60, check=True,
    )  # fmt: skip
    out = done.stdout
    if "Non-2xx or 3xx responses" in out or "Socket errors" in out:
        raise RuntimeError(f"wrk saw errors on {url}:\n{out}")
    percentiles = {
        int(p): float(value) * UNITS[unit]
        for p, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    }
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": round(rps, 1), "p50_ms": percentiles[50], "p99_ms": percentiles[99],
            "requests": requests}  # fmt: skip


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def median_run(runs: list[dict]) -> dict:
    """The run with the median requests/s, with its own percentiles."""
    return sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]


def measure_http(args, results: dict) -> None:
    """wrk visits the targets in turns, several short rounds each. The speed of these shared
    machines drifts by up to 2x within a minute, so each ratio is taken within a round,
    between two targets measured one right after the other, and the median round counts."""
    nearby_path = "/api/v1/activities/?near={},{}&radius_km=5".format(*NEAR)
    server, port = start_server("gunicorn", args.http_workers)
    try:
        base = f"http://127.0.0.1:{port}"
        targets = {
            "trivial": base + "/benchmark/activities/",
            "nearby": base + nearby_path,
            # The same endpoint's own list of 20 (same serializer, pagination and count,
            # no `near`): what the nearby search adds to listing activities.
            "api_list": base + "/api/v1/activities/",
        }
        for url in targets.values():  # every worker's connections and caches warm
            assert get_status(url) == 200, url
            wrk(url, duration=2, connections=args.connections)
        runs: dict[str, list[dict]] = {name: [] for name in targets}
        for round_ in range(args.rounds):
            order = list(targets)
            if round_ % 2:  # every other round the other way round: drift cancels out
                order[:2] = order[1::-1]
            for name in order:
                cpu_before = server_cpu(server)
                run = wrk(targets[name], duration=args.duration, connections=args.connections)
                run["cpu_ms"] = round((server_cpu(server) - cpu_before) * 1000 / run["requests"], 2)
                runs[name].append(run)
                log(f"http: {name}: {run}")
                # wrk stops with requests still queued at the server: let them drain, or
                # the next target's first requests wait behind them and its p99 is the
                # previous one's.
                time.sleep(DRAIN_SECONDS)
    finally:
        stop_server(server)

    def figures(name: str) -> dict:
        run = median_run(runs[name])
        return {f"{name}_rps": run["rps"], f"{name}_p50_ms": run["p50_ms"],
                f"{name}_p99_ms": run["p99_ms"]}  # fmt: skip

    def ratio(name: str, base: str) -> float:
        pairs = zip(runs[name], runs[base], strict=True)
        return round(median([a["rps"] / b["rps"] for a, b in pairs]), 2)

    def tail(name: str) -> float:
        return round(median([run["p99_ms"] / run["p50_ms"] for run in runs[name]]), 2)

    def cpu(name: str) -> float:
        return median([run["cpu_ms"] for run in runs[name]])

    results.update(
        http_server=f"gunicorn, {args.http_workers} workers",
        **figures("trivial"),
        **figures("nearby"),
        nearby_path=nearby_path,
        nearby_vs_trivial=ratio("nearby", "trivial"),
        # Server CPU (workers and PostgreSQL) per request: steadier than requests/s when
        # the machine's speed drifts, and what the requests/s ratio follows.
        trivial_cpu_ms=cpu("trivial"),
        nearby_cpu_ms=cpu("nearby"),
        nearby_vs_trivial_cpu=round(cpu("trivial") / cpu("nearby"), 2),
        nearby_p99_vs_p50=tail("nearby"),
        trivial_p99_vs_p50=tail("trivial"),
        **figures("api_list"),
        nearby_vs_api_list=ratio("nearby", "api_list"),
        # Every round, for the README: how much the ratios wander within one run.
        rounds={name: [run["rps"] for run in done] for name, done in runs.items()},
    )


async def measure_websockets(args, cookie: str, organisation_id: int, results: dict) -> None:
    from asgiref.sync import sync_to_async
    from websockets.asyncio.client import connect

    from matching.events import organisation_group, publish

    extra = ["--ws", args.ws]
    if not args.deflate:
        extra += ["--ws-per-message-deflate", "false"]
    process, port = start_server("uvicorn", 1, *extra)
    sockets = []
    try:
        gate = asyncio.Semaphore(50)

        async def open_one():
            async with gate:
                ws = await connect(
                    f"ws://127.0.0.1:{port}/ws/inbox/",
                    additional_headers={"Cookie": cookie},
                    origin=f"http://127.0.0.1:{port}",
                    open_timeout=60,
                    max_queue=64,
                )
                hello = json.loads(await asyncio.wait_for(ws.recv(), 30))
                assert hello["event"] == "hello" and hello["payload"]["groups"] == 1, hello
                return ws

        started = time.perf_counter()
        sockets = await asyncio.gather(*(open_one() for _ in range(args.sockets)))
        log(f"ws: {len(sockets)} sockets open in {time.perf_counter() - started:.1f} s")
        results["ws_connections"] = len(sockets)

        # One reader per socket for the whole run, noting when each event arrived; no
        # task or timer per socket per broadcast, so the client adds little to the figure.
        arrivals: dict[int, list[float]] = {n: [] for n in range(args.broadcasts)}
        everyone = {n: asyncio.Event() for n in range(args.broadcasts)}

        async def read(ws):
            async for raw in ws:
                serial = json.loads(raw)["payload"]["serial"]
                arrivals[serial].append(time.perf_counter())
                if len(arrivals[serial]) == len(sockets):
                    everyone[serial].set()

        readers = [asyncio.create_task(read(ws)) for ws in sockets]
        lasts, server_cpu, client_cpu = [], [], []
        group = organisation_group(organisation_id)
        for serial in range(args.broadcasts):
            await asyncio.sleep(0.5)
            cpu_before = cpu_seconds(process.pid), time.process_time()
            sent = time.perf_counter()
            # As a service does, from another process: publish through the channel layer.
            await sync_to_async(publish, thread_sensitive=False)(
                group, "match.proposed", {"serial": serial}
            )
            published = (time.perf_counter() - sent) * 1000
            await asyncio.wait_for(everyone[serial].wait(), 30)
            lasts.append((max(arrivals[serial]) - sent) * 1000)
            server_cpu.append((cpu_seconds(process.pid) - cpu_before[0]) * 1000)
            client_cpu.append((time.process_time() - cpu_before[1]) * 1000)
            first = (min(arrivals[serial]) - sent) * 1000
            log(
                f"ws: broadcast {serial} published in {published:.0f} ms,"
                f" reached the first socket in {first:.0f} ms,"
                f" all {len(sockets)} in {lasts[-1]:.0f} ms;"
                f" CPU: server {server_cpu[-1]:.0f} ms, client {client_cpu[-1]:.0f} ms"
            )
        for reader in readers:
            reader.cancel()
        results.update(
            ws_broadcast_last_ms=round(max(lasts), 1),
            ws_broadcast_last_median_ms=round(sorted(lasts)[len(lasts) // 2], 1),
            # Where a broadcast's time goes, on 2 shared cores: the server's fan-out and
            # the client's receiving of 2,000 frames both need CPU at the same moment.
            ws_broadcast_server_cpu_ms=round(sorted(server_cpu)[len(server_cpu) // 2], 1),
            ws_broadcast_client_cpu_ms=round(sorted(client_cpu)[len(client_cpu) // 2], 1),
        )
    finally:
        await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
        stop_server(process)


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: `apt-get install wrk` (make bench-load does it).")
    open_files = raise_open_files_limit(args.sockets * 2 + 1_000)
    os.environ.update(
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        REDIS_PREFIX=f"samvaer-bench-{secrets.token_hex(4)}",
        DJANGO_SETTINGS_MODULE="benchmarks.load_settings",
        LOG_LEVEL="WARNING",
    )
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    sys.path.insert(0, str(PROJECT))
    create_database(args.database_url)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    seed(args.activities, reseed=args.reseed)
    cookie, organisation_id = signed_in_coordinator_cookie()
    from django.db import connections

    connections.close_all()

    results: dict = {
        # Other work on the machine skews every figure: the load before and after says how.
        "load_average_before": round(os.getloadavg()[0], 2),
        "activities": args.activities,
        "cores": os.cpu_count(),
        "open_files_limit": open_files,
        "load": f"wrk -t2 -c{args.connections} -d{args.duration}s x {args.rounds} rounds",
    }
    if args.only in (None, "http"):
        measure_http(args, results)
    if args.only in (None, "ws"):
        # uvloop, as the server uses, so that the client's own overhead stays small.
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            runner.run(measure_websockets(args, cookie, organisation_id, results))
    results["load_average_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
