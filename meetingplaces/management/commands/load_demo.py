"""`manage.py load_demo`: the fictional demo of Guldborgsund Kommune. Safe to run again."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from matching.demo import load_citizens
from matching.models import Citizen
from meetingplaces.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_loaded, load_places
from meetingplaces.models import Activity, MeetingPlace, Organisation, Team, Volunteer
from mentors.demo import load_mentors
from mentors.models import MentorOffer, MentorRequest
from outcomes.demo import load_history


class Command(BaseCommand):
    help = "Loads a fictional demo municipality (Guldborgsund) with users for every role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )
        parser.add_argument(
            "--match",
            action="store_true",
            help="Run one batch matching pass when the demo is created (not when it exists).",
        )

    def handle(self, *args, quiet_logins=False, match=False, **options):
        # The demo's users share one published password: never in an installation in use.
        if not settings.DEBUG:
            raise CommandError(
                "load_demo only runs with DEBUG on (as `make run` does): the demo's users share "
                "one published password and must never exist in an installation in use."
            )
        created = not demo_loaded()
        with transaction.atomic():
            demo = load_places()
            load_citizens(demo)
            load_history(demo)
            load_mentors(demo)
        municipality = demo.municipality
        counts = {
            "meeting places": MeetingPlace.objects.filter(municipality=municipality).count(),
            "activities": Activity.objects.filter(municipality=municipality).count(),
            "organisations": Organisation.objects.filter(municipality=municipality).count(),
            "teams": Team.objects.filter(municipality=municipality).count(),
            "volunteers": Volunteer.objects.filter(municipality=municipality).count(),
            "citizens": Citizen.objects.filter(municipality=municipality).count(),
            "mentors": MentorOffer.objects.filter(volunteer__municipality=municipality).count(),
            "mentor requests": MentorRequest.objects.filter(municipality=municipality).count(),
        }
        self.stdout.write(
            f"{municipality}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items())
        )
        if not quiet_logins:
            self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
            for username, role in DEMO_LOGINS:
                self.stdout.write(f"  {username:<26} {role}")
        if not created:
            self.stdout.write("The demo was there already: nothing added, no matching run.")
        elif match:
            # Once, so that the inboxes show proposals; a later run would add more.
            call_command("match", stdout=self.stdout)
