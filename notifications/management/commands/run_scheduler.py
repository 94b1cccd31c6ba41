"""`python manage.py run_scheduler`: runs the scheduled jobs until stopped."""

import contextlib

from django.core.management.base import BaseCommand

from notifications.scheduler import SCHEDULE, build


class Command(BaseCommand):
    help = "Kører de planlagte job (matching, påmindelser, eskalering, sletning, friskhed)."

    def handle(self, *args, **options):
        scheduler = build()
        for name, trigger in SCHEDULE.items():
            self.stdout.write(f"{name}: {trigger}")
        self.stdout.write(self.style.SUCCESS("Planlæggeren kører (Ctrl-C stopper)."))
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()
