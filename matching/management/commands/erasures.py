"""The erasure records a restore needs: print (as JSON) or apply again.

    manage.py erasures export --since 2026-11-28T02:00:00+01:00 > erasures.json
    manage.py erasures reapply erasures.json

Export them from the live database (or keep the nightly export beside the backups) before
a restore; apply them to the restored database before it takes traffic (docs/deploy.md).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from matching.privacy import erasures_since, reapply_erasures


class Command(BaseCommand):
    help = "Eksporterer sletninger siden et tidspunkt, eller gentager dem efter en gendannelse."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        export = commands.add_parser("export", help="sletninger siden --since, som JSON")
        export.add_argument("--since", required=True, help="ISO 8601 med tidszone")
        reapply = commands.add_parser("reapply", help="gentag sletningerne i en JSON-fil")
        reapply.add_argument("path", help="filen fra export, eller - for standard input")

    def handle(self, *args, **options):
        if options["action"] == "export":
            since = parse_datetime(options["since"])
            if since is None or since.tzinfo is None:
                raise CommandError("--since skal være et tidspunkt med tidszone (ISO 8601).")
            self.stdout.write(json.dumps(erasures_since(since), indent=1))
            return
        path = options["path"]
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8") as file:
                    text = file.read()
            erasures = json.loads(text)
        except (OSError, ValueError) as error:
            raise CommandError(f"Kan ikke læse {path}: {error}") from error
        done = reapply_erasures(erasures)
        self.stdout.write(f"{done} af {len(erasures)} sletninger gentaget.")
