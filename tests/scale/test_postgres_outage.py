"""PostgreSQL stops in the middle of 20 coordinators accepting the last free seat at once,
and starts again. A cluster of the test's own (initdb, pg_ctl on a free port) is stopped,
never the machine's shared one. Whatever answer each request got while the database was
away, afterwards exactly one proposal is accepted, the history has one row per change, and
every request after the restart answers normally (the workers reconnect on their own)."""

import os
import secrets
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from .processes import PROJECT, PrivatePostgres, app_server, http

pytestmark = pytest.mark.scale

CONTENDERS = 20


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env={**os.environ, **env},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def database_state(url: str, activity: int) -> tuple[list, list]:
    with psycopg.connect(url) as connection:
        matches = connection.execute(
            "SELECT id::text, status FROM matching_match WHERE activity_id = %s", [activity]
        ).fetchall()
        history = connection.execute(
            "SELECT match_id::text, from_status, to_status FROM matching_matchstatuschange"
        ).fetchall()
    return matches, history


def test_postgres_stopped_during_twenty_accepts_leaves_one_accepted_and_answers_after(tmp_path):
    with PrivatePostgres() as postgres:
        env = {
            "DJANGO_SETTINGS_MODULE": "tests.scale.settings",
            "DATABASE_URL": postgres.url,
            "SECRET_KEY": os.environ["SECRET_KEY"],
            "REDIS_URL": "",
            "LOG_LEVEL": "WARNING",
        }
        manage(env, "manage.py", "migrate", "--noinput", "-v0")
        import json

        seeded = json.loads(manage(env, "-m", "tests.scale.outage_seed", str(CONTENDERS)))
        csrf = secrets.token_hex(16)
        cookie = f"sessionid={seeded['session']}; csrftoken={csrf}"
        headers = {"X-CSRFToken": csrf, "Accept-Language": "da"}
        with app_server("gunicorn", env=env, log_dir=tmp_path, workers=4) as server:

            def accept(match_id: str):
                return http(
                    "POST", f"{server.url}/api/v1/matches/{match_id}/accept/",
                    cookie=cookie, headers=headers, data={}, timeout=60,
                )  # fmt: skip

            start = threading.Barrier(CONTENDERS + 1)

            def contender(match_id: str):
                start.wait()
                return accept(match_id)

            with ThreadPoolExecutor(max_workers=CONTENDERS) as pool:
                futures = [pool.submit(contender, m) for m in seeded["matches"]]
                start.wait()
                time.sleep(0.02)
                postgres.stop(mode="immediate")
                during = [future.result() for future in futures]
            time.sleep(1)
            postgres.start()

            # After the restart: every request answers normally, none with a 5xx. Each
            # proposal whose accept got no answer of the database's is sent again.
            after = [
                accept(match_id)
                for match_id, answer in zip(seeded["matches"], during, strict=True)
                if answer.status not in (200, 409)
            ]
            again = [accept(match_id) for match_id in seeded["matches"]]
            listed = http("GET", f"{server.url}/api/v1/matches/", cookie=cookie, headers=headers)
            output = server.output()
        matches, history = database_state(postgres.url, seeded["activity"])

    statuses_during = sorted(answer.status for answer in during)
    print("during the outage:", statuses_during)
    # While the database was away: the rules' answers, or "try again" (503), never a 500.
    assert set(statuses_during) <= {200, 409, 503}, output[-3000:]
    for answer in during:
        if answer.status == 503:
            assert answer.json()["code"] == "database_unavailable"
    assert all(answer.status < 500 for answer in after + again), output[-3000:]
    assert listed.status == 200
    accepted = [match for match, status in matches if status == "accepted"]
    assert len(accepted) == 1, matches
    assert {status for _, status in matches} == {"accepted", "proposed"}
    # One history row per change: the one acceptance, nothing for the refused.
    assert [(m, t) for m, _f, t in history if m in seeded["matches"]] == [(accepted[0], "accepted")]
    # Once the database is back, the accepts answer as the rules say: one got the seat
    # (during the outage or after it), every other accept is refused (409).
    assert [a.status for a in during + after].count(200) == 1
    assert {answer.status for answer in again} == {409}
