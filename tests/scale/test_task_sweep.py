"""A task worker killed (SIGKILL) in the middle of the night's batch run: the sweep finds
the task left RUNNING, sees that no live worker holds it, and queues it again; a new worker
finishes it. The proposals are exactly those of a clean run on the same data, with no pair
twice. A task whose worker is alive is never taken from it."""

import signal
import time
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks import TaskResultStatus

from matching import batch
from matching.models import Match, MatchStatusChange
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    MeetingPlaceFactory,
    MunicipalityFactory,
    TeamFactory,
)

from .tasks import batch_matching_stalling_once
from .test_task_worker import DATABASE_TASKS, start_worker

pytestmark = pytest.mark.scale

MUNICIPALITIES = [("0376", "Guldborgsund"), ("0340", "Sorø"), ("0183", "Ishøj")]


def seed() -> None:
    """Three municipalities, each with more waiting citizens than seats, so the run must
    choose (and a run that proposed twice, or skipped a choice, would show)."""
    for number, (code, name) in enumerate(MUNICIPALITIES):
        municipality = MunicipalityFactory(code=code, name=name, slug=name.lower())
        team = TeamFactory(municipality=municipality)
        for offset in range(3):
            ActivityFactory(
                capacity=2,
                meeting_place=MeetingPlaceFactory(
                    municipality=municipality,
                    latitude=54.79 + 0.004 * offset + number,
                    longitude=11.64,
                ),
            )
        for citizen in range(8):
            CitizenFactory(
                team=team,
                latitude=54.79 + 0.001 * citizen + number,
                longitude=11.641,
                first_name=f"Borger{number}-{citizen}",
            )


def proposals() -> set[tuple]:
    return set(Match.objects.values_list("citizen_id", "activity_id", "companion_id"))


def clean_run() -> set[tuple]:
    """What an uninterrupted run proposes on this data (rolled back afterwards)."""
    with transaction.atomic():
        batch.run_night()
        made = proposals()
        transaction.set_rollback(True)
    assert not Match.objects.exists()
    return made


def sweep(older_than: float = 0) -> int:
    out = StringIO()
    call_command("sweep_tasks", older_than=older_than, stdout=out)
    return int(out.getvalue().split()[0])


def wait_for(condition, *, worker, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if worker.poll() is not None:
            raise AssertionError(worker.stdout.read().decode(errors="replace"))
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@override_settings(TASKS=DATABASE_TASKS)
def test_a_batch_run_killed_midway_is_swept_and_finished_as_a_clean_run(
    test_database_url, tmp_path
):
    seed()
    expected = clean_run()
    assert len(expected) == len(MUNICIPALITIES) * 3 * 2  # every seat taken: the run had to choose
    marker = tmp_path / "first-municipality-written"
    result = batch_matching_stalling_once.enqueue(marker=str(marker))

    worker = start_worker(test_database_url)
    try:
        wait_for(marker.exists, worker=worker)
        # Alive and holding the task: the sweep leaves it alone, however long it has run.
        assert sweep() == 0
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
        worker.stdout.close()

    result.refresh()
    assert result.status == TaskResultStatus.RUNNING
    halfway = proposals()
    assert halfway and halfway < expected  # one municipality written, the others not

    # Not yet stale by the setting's measure: left alone.
    assert sweep(older_than=3600) == 0
    assert sweep() == 1
    result.refresh()
    assert result.status == TaskResultStatus.READY
    assert sweep() == 0  # queued, not running: nothing more to do

    finisher = start_worker(test_database_url, "--batch")
    output, _ = finisher.communicate(timeout=120)
    assert finisher.returncode == 0, output

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL, output
    assert proposals() == expected
    pairs = Counter(Match.objects.values_list("citizen_id", "activity_id"))
    assert max(pairs.values()) == 1
    assert max(Counter(Match.objects.open().values_list("citizen_id", flat=True)).values()) == 1
    history = Counter(MatchStatusChange.objects.values_list("match_id", flat=True))
    assert set(history) == set(Match.objects.values_list("pk", flat=True))
    assert set(history.values()) == {1}
