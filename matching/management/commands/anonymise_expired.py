"""Anonymise citizens past the retention period; run it daily (cron, systemd timer)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from matching.privacy import anonymise_expired_citizens


class Command(BaseCommand):
    help = "Anonymiserer borgere, hvis sidste match sluttede for mere end "
    help += "SAMVAER_RETENTION_MONTHS måneder siden."

    def handle(self, *args, **options):
        # Through the task backend: inline in the embedded mode, on the worker when scaled.
        result = anonymise_expired_citizens.enqueue()
        months = settings.SAMVAER_RETENTION_MONTHS
        if result.is_finished:
            self.stdout.write(f"Anonymised {result.return_value} citizen(s) past {months} months.")
        else:
            self.stdout.write(f"Queued anonymisation of citizens past {months} months.")
