"""A backup is only as good as its restore: dump the database, erase a citizen after the
dump, restore into a new database, and check that it migrates, counts the same rows,
answers pages, and that re-applying the erasures kept since the dump erases that citizen
again (docs/deploy.md, "Backups")."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from matching.privacy import anonymise_citizen
from tests.factories import CitizenFactory, MatchFactory

from .processes import PROJECT

pytestmark = [pytest.mark.scale, pytest.mark.django_db(transaction=True)]

TABLES = [
    "auth_user",
    "meetingplaces_meetingplace",
    "meetingplaces_activity",
    "matching_citizen",
    "matching_match",
    "matching_matchstatuschange",
    "matching_auditevent",
]


def _psql(url: str, sql: str) -> str:
    done = subprocess.run(
        ["psql", "-X", "-At", "-d", url, "-c", sql],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout.strip()


def _counts(url: str) -> dict[str, int]:
    return {table: int(_psql(url, f"SELECT count(*) FROM {table}")) for table in TABLES}


def _manage(url: str, *args: str, stdin: str | None = None) -> str:
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": "", "DEBUG": "1"}
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


PAGES = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
print(client.get("/").status_code, client.get("/find/?near=4800").status_code)
"""


def test_a_restored_backup_migrates_counts_answers_and_takes_the_erasures_again(
    test_database_url, tmp_path
):
    erased = CitizenFactory(first_name="Gudrun", phone="22 33 44 55")
    kept = CitizenFactory(first_name="Villy")
    MatchFactory(citizen=erased)
    MatchFactory(citizen=kept)

    dump = tmp_path / "samvaer.dump"
    dumped_at = timezone.now()
    subprocess.run(
        ["pg_dump", "-Fc", "-f", str(dump), "-d", test_database_url],
        check=True,
        capture_output=True,
        timeout=120,
    )
    at_dump = _counts(test_database_url)

    # After the dump, the live database erases a citizen; the erasure is exported.
    anonymise_citizen(citizen=erased, by=None, reason="samtykke trukket tilbage")
    exported = StringIO()
    call_command("erasures", "export", "--since", dumped_at.isoformat(), stdout=exported)
    erasures = json.loads(exported.getvalue())
    assert erasures == [{"citizen": str(erased.pk), "at": erasures[0]["at"]}]

    name = f"{connection.settings_dict['NAME']}_restored"
    restored = test_database_url.rsplit("/", 1)[0] + f"/{name}"
    server = test_database_url.rsplit("/", 1)[0] + "/postgres"
    _psql(server, f'DROP DATABASE IF EXISTS "{name}"')
    _psql(server, f'CREATE DATABASE "{name}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "-d", restored, str(dump)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        _manage(restored, "migrate", "--check")
        assert _counts(restored) == at_dump
        assert _manage(restored, "shell", "--no-imports", "-c", PAGES).split() == ["200", "200"]
        # The restore brought the erased citizen back, until the erasures are applied.
        query = f"SELECT first_name, phone FROM matching_citizen WHERE id = '{erased.pk}'"
        assert _psql(restored, query) == "Gudrun|22 33 44 55"
        assert "1 af 1" in _manage(restored, "erasures", "reapply", "-", stdin=json.dumps(erasures))
        assert _psql(restored, query) == "|"
        kept_query = f"SELECT first_name FROM matching_citizen WHERE id = '{kept.pk}'"
        assert _psql(restored, kept_query) == "Villy"
        # Applying them twice changes nothing more.
        assert "0 af 1" in _manage(restored, "erasures", "reapply", "-", stdin=json.dumps(erasures))
    finally:
        _psql(server, f'DROP DATABASE IF EXISTS "{name}"')
