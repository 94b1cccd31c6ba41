"""When each job runs: one APScheduler in one process (`manage.py run_scheduler`).

Times are Danish time. The jobs' own locks (jobs.job_lock) keep a second scheduler from
running a job twice, so a restart or an accidental second process does no harm.
"""

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.db import close_old_connections

from .jobs import run_job

SCHEDULE = {
    # Queued messages whose provider failed, or SMS held back over the quiet hours.
    "deliver": CronTrigger(minute="*/5"),
    "batch_matching": CronTrigger(hour=2, minute=0),
    "retention": CronTrigger(hour=3, minute=0),
    # Yesterday's unusual reads and every export, to the municipality's admins.
    "oversight": CronTrigger(hour=6, minute=30),
    "reminders": CronTrigger(minute=10),
    "escalation": CronTrigger(hour=7, minute=30),
    "freshness": CronTrigger(day_of_week="mon", hour=6, minute=0),
    # Tasks a task worker left running when it died go back to the queue.
    "sweep_tasks": CronTrigger(minute="*/5"),
    "mentor_follow_ups": CronTrigger(hour=10, minute=15),
}


def _run(name: str) -> None:
    # A long-lived process: drop connections the database closed since the last run.
    close_old_connections()
    try:
        run_job(name)
    finally:
        close_old_connections()


def build() -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
    for name, trigger in SCHEDULE.items():
        # A job missed while the process was down runs once when it is back (within an
        # hour), not once per missed time.
        scheduler.add_job(
            _run,
            trigger,
            args=[name],
            name=name,
            id=name,
            coalesce=True,
            misfire_grace_time=3600,
            max_instances=1,
        )
    return scheduler
