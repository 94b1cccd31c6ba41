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
            first = http("GET", f"{server.url}/scale-test/database/")
            again = http("GET", f"{server.url}/scale-test/database/")
            postgres.restart()
            after = http("GET", f"{server.url}/scale-test/database/")
            output = server.output()

    assert first.status == again.status == 200, output
    # The connection is kept (persistent, or back in the pool) between requests...
    assert first.json()["backend_pid"] == again.json()["backend_pid"]
    # ...and after the restart it is found dead before use and replaced, not used and failed.
    assert after.status == 200, output
    assert after.json()["backend_pid"] != first.json()["backend_pid"]
