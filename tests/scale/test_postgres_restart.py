"""PostgreSQL restarts under running workers: the very next request succeeds, on a fresh
connection, both for WSGI's persistent connections and for ASGI's pool."""

import pytest

from .processes import PrivatePostgres, app_server, http

pytestmark = pytest.mark.scale


@pytest.mark.parametrize("kind", ["gunicorn", "uvicorn"])
def test_next_request_after_a_postgres_restart_succeeds(kind, tmp_path):
    import os

    with PrivatePostgres() as postgres:
        env = {
            "DATABASE_URL": postgres.url,
            "SECRET_KEY": os.environ["SECRET_KEY"],
            "REDIS_URL": "",
            "LOG_LEVEL": "WARNING",
        }
        with app_server(kind, env=env, log_dir=tmp_path) as server:
            before = [http("GET", f"{server.url}/scale-test/database/") for _ in range(5)]
            postgres.restart()
            after = http("GET", f"{server.url}/scale-test/database/")
            output = server.output()

    assert {answer.status for answer in before} == {200}, output
    backends_before = {answer.json()["backend_pid"] for answer in before}
    # Connections are kept between requests: one per WSGI worker, a few in the ASGI pool.
    assert len(backends_before) == 1 if kind == "gunicorn" else len(backends_before) < 5
    # After the restart, the dead connection is found out before use and replaced: the
    # very next request succeeds, on a new backend.
    assert after.status == 200, output
    assert after.json()["backend_pid"] not in backends_before
