"""`manage.py invite_admin EMAIL --municipality NAME_OR_CODE`: a municipality's first admin,
invited by a link like everyone after them (printed here, and e-mailed when mail is set up)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from meetingplaces.administration.services import user_invite
from meetingplaces.models import Membership
from meetingplaces.municipalities import find_municipality
from notifications.services import invitation_url


class Command(BaseCommand):
    help = "Invites a municipality admin by e-mail address and prints the invitation link."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--municipality", required=True, help="Name or code, e.g. Sorø or 0340."
        )

    def handle(self, *args, email, municipality, **options):
        found = find_municipality(municipality)
        if found is None:
            raise CommandError(
                f"Unknown municipality {municipality!r} (run `manage.py load_municipalities`)."
            )
        try:
            user, token = user_invite(
                municipality=found, email=email, role=Membership.Role.ADMIN, by=None
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{user.email} is invited as admin of {found.name}. Their link:")
        self.stdout.write(invitation_url(token))
