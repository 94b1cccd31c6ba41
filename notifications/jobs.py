"""The jobs that run on their own, each idempotent, each under a lock so that two
schedulers (or a scheduler and a person running `manage.py run_job`) never run the same
job at once. The schedule itself is in `scheduler.py`.
"""

import hashlib
import logging
import os
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from . import delivery, escalation, freshness, reminders
from .models import Message

logger = logging.getLogger(__name__)


def batch_matching(*, now: datetime) -> int:
    """The night run, one municipality at a time; proposals tell their coordinators."""
    from matching import batch

    return sum(plan.matched for plan in batch.run_night())


def retention(*, now: datetime) -> int:
    """Citizens and relatives' mentor requests past their retention period are
    anonymised; declined volunteer applications are deleted once the answer has gone out;
    self-referrals, sign-in records and expired sessions past their periods are deleted;
    audit rows older than AUDIT_RETENTION_MONTHS are purged, with the operators' support
    sessions they cite."""
    from django.contrib.sessions.models import Session

    from matching.privacy import anonymise_expired_citizens, purge_expired_audit_events
    from matching.selfreferrals import delete_expired_self_referrals
    from meetingplaces.volunteers import delete_declined_volunteers
    from mentors.services import anonymise_expired_requests
    from security.signins import delete_expired_sign_ins
    from security.support import delete_expired_support_sessions

    # The message log: sent and failed messages past MESSAGE_RETENTION_DAYS (one still
    # owed a delivery attempt is kept until it is sent or given up).
    old_messages = (
        Message.objects.filter(created_at__lt=now - timedelta(days=settings.MESSAGE_RETENTION_DAYS))
        .exclude(state__in=Message.PENDING)
        .delete()[0]
    )
    # Sessions that ran out stay in the table (with any flash message naming a citizen)
    # until someone deletes them: Django's clearsessions, done here.
    expired_sessions = Session.objects.filter(expire_date__lt=now).delete()[0]
    return (
        anonymise_expired_citizens.call()
        + delete_declined_volunteers(now=now)
        + delete_expired_self_referrals(now=now)
        + delete_expired_sign_ins(now=now)
        + expired_sessions
        + old_messages
        + anonymise_expired_requests(now=now)
        + purge_expired_audit_events(now=now)
        + delete_expired_support_sessions(now=now)
    )


def oversight(*, now: datetime) -> int:
    """Tell each municipality's admins who read unusually many citizens, or exported
    data, in the last 24 hours."""
    from .oversight import send_oversight_alerts

    return send_oversight_alerts(now=now)


def sweep_tasks(*, now: datetime) -> int:
    """Tasks left running by a task worker that died are queued again."""
    from .stale_tasks import requeue_abandoned_tasks

    return requeue_abandoned_tasks(now=now)


def mentor_follow_ups(*, now: datetime) -> int:
    """Relatives asked "did it help?" 4 and 12 weeks into a mentorship."""
    from mentors.services.follow_ups import ask_due

    return ask_due(now=now)


JOBS: dict[str, Callable[..., int]] = {
    "deliver": lambda *, now: delivery.deliver_due(now=now),
    "batch_matching": batch_matching,
    "retention": retention,
    "reminders": lambda *, now: reminders.run(now=now),
    "escalation": lambda *, now: escalation.escalate(now=now),
    "freshness": lambda *, now: freshness.ask_owners(now=now),
    "oversight": oversight,
    "sweep_tasks": sweep_tasks,
    "mentor_follow_ups": mentor_follow_ups,
}


def lock_key(name: str) -> int:
    """The job's PostgreSQL advisory lock key."""
    return int.from_bytes(
        hashlib.sha256(f"samvaer-job:{name}".encode()).digest()[:8], "big", signed=True
    )


@contextmanager
def job_lock(name: str):
    """Yields True when this process holds the job's lock, False when another does.

    PostgreSQL: a session advisory lock, shared by every machine of the installation.
    SQLite (one machine): an exclusive lock on a file.
    """
    if connection.vendor == "postgresql":
        key = lock_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            held = cursor.fetchone()[0]
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    import fcntl

    path = Path(settings.SCHEDULER_LOCK_DIR) / f"samvaer-job-{name}.lock"
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            os.ftruncate(handle.fileno(), 0)
            handle.write(str(os.getpid()))
            handle.flush()
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_job(name: str, *, now: datetime | None = None) -> int | None:
    """Run one job under its lock. None when another process is running it."""
    with job_lock(name) as held:
        if not held:
            logger.info("Job %s is running elsewhere; skipped.", name)
            return None
        result = JOBS[name](now=now or timezone.now())
        logger.info("Job %s done: %s", name, result)
        return result
