"""Background work of matching: the batch run, inline in the embedded mode."""

from django_tasks import task

from . import batch


@task()
def run_batch_matching(dry_run: bool = False) -> dict:
    """Assign every waiting citizen; returns the run's summary (JSON-serialisable)."""
    return summary(batch.run(dry_run=dry_run))


def summary(plan: batch.Plan) -> dict:
    return {
        "waiting": plan.waiting,
        "candidates": plan.candidates,
        "matched": plan.matched,
        "with_companion": plan.with_companion,
        "greedy_matched": plan.greedy_matched,
        "score": round(plan.score, 3),
        "seconds": round(plan.seconds, 3),
    }
