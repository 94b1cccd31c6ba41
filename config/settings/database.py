"""The database: a SQLite file (embedded) or PostgreSQL (scale-out), from DATABASE_URL."""

import os
import tempfile
from pathlib import Path

import dj_database_url

from .environment import BASE_DIR, env_bool

# Database: a SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; the timeout waits for the lock
    # instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests use a file as well: an in-memory database shared between threads answers a
    # second writer with "table is locked" at once instead of waiting as the file does,
    # so concurrency tests would test the wrong thing. One file per process, so that two
    # test runs on one machine never share (and corrupt) a test database; kept in the
    # environment so that servers the tests spawn open the same file.
    DATABASES["default"].setdefault(
        "TEST",
        {
            "NAME": os.environ.setdefault(
                "SAMVAER_TEST_DATABASE",
                str(Path(tempfile.gettempdir()) / f"samvaer-test-{os.getpid()}.sqlite3"),
            )
        },
    )

# Scale-out on PostgreSQL (psycopg 3). WSGI workers keep one connection per process open
# between requests and check it before use, so a restarted server costs no failed request.
# ASGI workers run sync views in a thread pool, where a connection per thread would pile
# up: DATABASE_POOL=1 (set by deploy/serve-scale for uvicorn) hands out short loans from
# psycopg's pool instead, also checked before each loan.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))}
    )
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # Parameters bound on the server, and a query run a fifth time on a connection
        # prepared: PostgreSQL then reuses its plan. Planning the nearby search's join took
        # longer than running it (benchmarks/README.md, the load benchmark). Turn off behind
        # pgbouncer in transaction mode, which cannot keep a prepared statement.
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)
    if env_bool("DATABASE_POOL", False):
        # Django refuses persistent connections together with a pool.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "1")),
            "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "8")),
            # Seconds a request waits for a free connection before it fails.
            "timeout": int(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
        }
    elif "CONN_MAX_AGE" not in os.environ:
        DATABASES["default"]["CONN_MAX_AGE"] = 600

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
