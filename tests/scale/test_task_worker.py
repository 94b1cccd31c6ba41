"""The scale-out task worker: tasks queued in PostgreSQL, run by `manage.py db_worker` in a
separate process; failures are recorded, and a worker killed mid-run leaves nothing
half-written."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.test import override_settings
from django_tasks import TaskResultStatus

from meetingplaces.models import ActivityException
from tests.factories import ActivityFactory

from .processes import PROJECT
from .tasks import add_participants, cancel_dates_slowly, fail_on_purpose

pytestmark = pytest.mark.scale

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def start_worker(database_url: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2",
         *extra],
        cwd=PROJECT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.scale.settings",
            "DATABASE_URL": database_url,
            "TASKS_BACKEND": "database",
            "LOG_LEVEL": "WARNING",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip


@override_settings(TASKS=DATABASE_TASKS)
def test_worker_process_runs_queued_tasks_and_records_failures(test_database_url):
    activity = ActivityFactory(participants=3)
    added = add_participants.enqueue(activity_id=activity.pk, count=2)
    failed = fail_on_purpose.enqueue()
    # Queued, not run inline: nothing happened yet.
    activity.refresh_from_db()
    assert activity.participants == 3
    assert added.status == TaskResultStatus.READY

    worker = start_worker(test_database_url, "--batch")
    output, _ = worker.communicate(timeout=60)
    assert worker.returncode == 0, output

    added.refresh()
    failed.refresh()
    activity.refresh_from_db()
    assert added.status == TaskResultStatus.SUCCESSFUL
    assert added.return_value == 5
    assert activity.participants == 5
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[0].exception_class is RuntimeError
    assert "Kørslen fejlede med vilje" in failed.errors[0].traceback


@override_settings(TASKS=DATABASE_TASKS)
def test_worker_killed_mid_run_leaves_nothing_half_written(test_database_url, tmp_path):
    activity = ActivityFactory()
    marker = tmp_path / "halfway"
    result = cancel_dates_slowly.enqueue(activity_id=activity.pk, weeks=10, marker=str(marker))

    worker = start_worker(test_database_url)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert worker.poll() is None, worker.stdout.read()
            assert time.monotonic() < deadline, "the task never got halfway"
            time.sleep(0.1)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
        worker.stdout.close()

    # The rows written before the kill were in one transaction, which died with the worker.
    assert not ActivityException.objects.filter(activity=activity).exists()
    result.refresh()
    assert result.status != TaskResultStatus.SUCCESSFUL
