"""Tasks left RUNNING by a task worker that died (killed, out of memory, its machine gone)
are found and queued again, to run from the start.

While a worker (`manage.py db_worker`) runs a task, it holds a PostgreSQL advisory lock
named for the task, taken when the task starts and let go when it ends; when the worker's
process dies, its connection ends and PostgreSQL lets the lock go. The sweep
(`manage.py sweep_tasks`, and the scheduled job `sweep_tasks`) takes each lock of a task
RUNNING longer than TASK_STALE_AFTER_MINUTES: a lock it can take belongs to no live worker,
so the task goes back to the queue. Every task is idempotent (a batch run proposes no pair
twice), so running it again is safe. On another database there is no such lock: age alone
decides, so the setting must then exceed the longest task.
"""

import hashlib
import importlib.util
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction

logger = logging.getLogger(__name__)


def task_lock_key(task_id) -> int:
    """The PostgreSQL advisory lock key of one queued task."""
    digest = hashlib.sha256(f"samvaer-task:{task_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _database_backend(sender) -> bool:
    if importlib.util.find_spec("django_tasks_db") is None:
        return False
    from django_tasks_db import DatabaseBackend

    return issubclass(sender if isinstance(sender, type) else type(sender), DatabaseBackend)


def hold_task_lock(sender, task_result, **kwargs) -> None:
    """task_started, in the worker: hold the task's lock while it runs."""
    if connection.vendor == "postgresql" and _database_backend(sender):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [task_lock_key(task_result.id)])


def release_task_lock(sender, task_result, **kwargs) -> None:
    """task_finished, in the worker: the task ended, successfully or not."""
    if connection.vendor == "postgresql" and _database_backend(sender):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [task_lock_key(task_result.id)])


def _no_live_worker(task_id) -> bool:
    """True when no worker holds the task's lock (the lock is let go again at once)."""
    if connection.vendor != "postgresql":
        return True
    key = task_lock_key(task_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        free = cursor.fetchone()[0]
        if free:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    return free


def requeue_abandoned_tasks(*, now: datetime, older_than: timedelta | None = None) -> int:
    """Queue again every task RUNNING for longer than `older_than` (default:
    TASK_STALE_AFTER_MINUTES) that no live worker holds. Returns how many."""
    if importlib.util.find_spec("django_tasks_db") is None:
        return 0  # no queue table: tasks run inline and are never left running
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if older_than is None:
        older_than = timedelta(minutes=settings.TASK_STALE_AFTER_MINUTES)
    suspects = DBTaskResult.objects.running().filter(started_at__lt=now - older_than)
    requeued = 0
    for task_id in suspects.values_list("pk", flat=True):
        with transaction.atomic():
            # The row lock keeps two sweeps apart; a worker finishing it meanwhile wins.
            task = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .running()
                .filter(pk=task_id)
                .first()
            )
            if task is None or not _no_live_worker(task_id):
                continue
            task.status = TaskResultStatus.READY
            task.started_at = None
            task.save(update_fields=["status", "started_at"])
        logger.warning("Task %s (%s) was left running; queued again.", task_id, task.task_path)
        requeued += 1
    return requeued
