"""`python manage.py sweep_tasks`: queue again the tasks a dead task worker left running."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.stale_tasks import requeue_abandoned_tasks


class Command(BaseCommand):
    help = "Sætter opgaver, som en stoppet opgave-worker efterlod i gang, i køen igen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=None,
            metavar="SECONDS",
            help="Running at least this long (default: TASK_STALE_AFTER_MINUTES).",
        )

    def handle(self, *args, older_than, **options):
        requeued = requeue_abandoned_tasks(
            now=timezone.now(),
            older_than=None if older_than is None else timedelta(seconds=older_than),
        )
        self.stdout.write(self.style.SUCCESS(f"{requeued} opgave(r) sat i kø igen."))
