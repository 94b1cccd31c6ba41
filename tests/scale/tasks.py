"""Tasks the task-worker tests enqueue; real writes, as the batch matching run makes them."""

import time
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django_tasks import task

from meetingplaces.models import Activity, ActivityException


@task()
def add_participants(*, activity_id: int, count: int) -> int:
    Activity.objects.filter(pk=activity_id).update(participants=F("participants") + count)
    return Activity.objects.get(pk=activity_id).participants


@task()
def fail_on_purpose() -> None:
    raise RuntimeError("Kørslen fejlede med vilje")


@task()
def cancel_dates_slowly(*, activity_id: int, weeks: int, marker: str) -> int:
    """Write one row per week in one transaction, stalling halfway (the test kills it)."""
    first = date(2031, 1, 6)
    with transaction.atomic():
        for week in range(weeks):
            ActivityException.objects.create(
                activity_id=activity_id, date=first + timedelta(weeks=week), reason="test"
            )
            if week == weeks // 2:
                Path(marker).touch()
                time.sleep(60)
    return weeks


@task()
def batch_matching_stalling_once(*, marker: str) -> int:
    """The night's batch run as `matching.tasks.run_batch_matching` makes it (one
    municipality after another, each written in its own transaction); on its first attempt
    it stalls once the first municipality is written, where the test kills its worker."""
    from matching import batch

    first_attempt = not Path(marker).exists()
    matched = 0
    for number, municipality in enumerate(batch.municipalities_to_run()):
        matched += batch.run(municipality=municipality).matched
        if number == 0 and first_attempt:
            Path(marker).touch()
            time.sleep(120)
    return matched
