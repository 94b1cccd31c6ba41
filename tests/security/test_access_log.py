"""gunicorn's access log, as deployed (deploy/gunicorn.conf.py), keeps paths and leaves
out query strings: a search for a person's name is not written to a log."""

import subprocess

from tests.scale.processes import BIN, PROJECT, free_port, http, stop_process, wait_for_answer

CONFIG = PROJECT / "deploy" / "gunicorn.conf.py"


def test_the_access_log_has_the_path_but_not_the_query(tmp_path):
    port = free_port()
    access_log = tmp_path / "access.log"
    env = {
        "PATH": str(BIN),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "only-for-tests-not-a-secret-0123456789abcdefghijklmnop",
        "HTTPS": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    command = [
        BIN / "gunicorn", "-c", CONFIG, "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", access_log,
    ]  # fmt: skip
    with (tmp_path / "server.log").open("wb") as out:
        server = subprocess.Popen(
            command, cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_for_answer(f"http://127.0.0.1:{port}/robots.txt", process=server)
        url = f"http://127.0.0.1:{port}/api/v1/activities/?near=Hanne+Jensen"
        # An empty database: "Hanne Jensen" is no known place, a 400, logged all the same.
        assert http("GET", url, timeout=30).status == 400
        # A search on the finder's page, as a person types a name into it.
        http("GET", f"http://127.0.0.1:{port}/?q=Testnavn", timeout=30)
    finally:
        stop_process(server)
    logged = access_log.read_text()
    assert '"GET /api/v1/activities/ HTTP/1.1"' in logged
    assert '"GET / HTTP/1.1"' in logged
    assert "Hanne" not in logged and "Testnavn" not in logged
    assert "near=" not in logged and "q=" not in logged
    assert "Hanne" not in (tmp_path / "server.log").read_text()
    assert "Testnavn" not in (tmp_path / "server.log").read_text()
