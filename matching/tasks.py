"""Background work of matching: the night's batch run, inline in the embedded mode."""

from django_tasks import task

from . import batch


@task()
def run_batch_matching(municipality: str | None = None, dry_run: bool = False) -> list[dict]:
    """The scheduled night run: every waiting citizen, one batch run per municipality
    (`municipality`: one, by name or code). Returns each run's summary (JSON-serialisable)."""
    return [summary(plan) for plan in batch.run_night(municipality=municipality, dry_run=dry_run)]


def summary(plan: batch.Plan) -> dict:
    reasons = plan.reasons
    return {
        "municipality": plan.municipality.name if plan.municipality else None,
        "waiting": plan.waiting,
        "candidates": plan.candidates,
        "matched": plan.matched,
        "with_companion": plan.with_companion,
        "left_waiting": len(plan.left_waiting),
        "no_activity": reasons[batch.WaitingReason.NO_ACTIVITY],
        "no_seat": reasons[batch.WaitingReason.NO_SEAT],
        "no_companion": reasons[batch.WaitingReason.NO_COMPANION],
        "greedy_matched": plan.greedy_matched,
        "score": round(plan.score, 3),
        "gap": plan.gap,
        "seconds": round(plan.seconds, 3),
    }
