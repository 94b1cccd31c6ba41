"""`manage.py load_municipalities`: Denmark's 98 municipalities. Safe to run again."""

from django.core.management.base import BaseCommand

from meetingplaces.municipalities import load_municipalities


class Command(BaseCommand):
    help = "Creates Denmark's 98 municipalities (official name and kommunekode)."

    def handle(self, *args, **options):
        created, renamed = load_municipalities()
        self.stdout.write(f"Municipalities: {created} created, {renamed} renamed.")
