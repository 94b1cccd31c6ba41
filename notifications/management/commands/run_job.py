"""`python manage.py run_job NAME`: one scheduled job now, under the same lock."""

from django.core.management.base import BaseCommand, CommandError

from notifications.jobs import JOBS, run_job


class Command(BaseCommand):
    help = "Kører ét planlagt job med det samme."

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(JOBS))

    def handle(self, *args, name, **options):
        result = run_job(name)
        if result is None:
            raise CommandError(f"{name} kører allerede et andet sted.")
        self.stdout.write(self.style.SUCCESS(f"{name}: {result}"))
