"""`python manage.py match [--dry-run]`: one batch run of the matching, with a summary."""

from django.core.management.base import BaseCommand

from matching import batch
from matching.tasks import summary


class Command(BaseCommand):
    help = "Foreslår aktiviteter til alle ventende borgere på én gang (optimal fordeling)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vis hvad der ville blive foreslået, uden at gemme noget.",
        )

    def handle(self, *args, dry_run=False, **options):
        plan = batch.run(dry_run=dry_run, progress=self._progress)
        facts = summary(plan)
        self.stdout.write("")
        self.stdout.write(
            f"Ventende borgere: {facts['waiting']}\n"
            f"Mulige par: {facts['candidates']}\n"
            f"Foreslået: {facts['matched']} (heraf med følgeven: {facts['with_companion']})\n"
            f"Først-til-mølle ville have fundet: {facts['greedy_matched']}\n"
            f"Samlet score: {facts['score']}\n"
            f"Tid: {facts['seconds']} s"
        )
        if dry_run:
            self.stdout.write(self.style.WARNING("Prøvekørsel: intet er gemt."))
        else:
            self.stdout.write(self.style.SUCCESS(f"{facts['matched']} forslag er gemt."))

    def _progress(self, done: int, total: int) -> None:
        # A plain bar on one line, redrawn in place when the output is a terminal.
        width = 30
        filled = width * done // max(total, 1)
        bar = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} borgere"
        if self.stdout.isatty():
            self.stdout.write("\r" + bar, ending="")
        elif done == total or done % 100 == 0:
            self.stdout.write(bar)
        self.stdout.flush()
