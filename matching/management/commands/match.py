"""`python manage.py match [--municipality NAME_OR_CODE] [--dry-run]`: the night's batch run,
one run per municipality, with a progress bar on a terminal and a summary of each."""

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from matching import batch
from matching.tasks import summary


class Command(BaseCommand):
    help = "Foreslår aktiviteter til alle ventende borgere på én gang (optimal fordeling)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--municipality",
            help="Kun denne kommune (navn eller kommunekode); ellers alle, én ad gangen.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vis hvad der ville blive foreslået, uden at gemme noget.",
        )

    def handle(self, *args, municipality=None, dry_run=False, **options):
        municipalities = batch.municipalities_to_run(municipality)
        if municipality and not municipalities:
            raise CommandError(f"Ukendt kommune: {municipality}")
        for each in municipalities:
            plan = self._run(each, dry_run)
            if plan.waiting:
                self._summary(summary(plan), dry_run)

    def _run(self, municipality, dry_run) -> batch.Plan:
        # A bar only on a terminal: a log file gets the summary alone.
        if not self.stdout.isatty():
            return batch.run(municipality=municipality, dry_run=dry_run)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("borgere"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, transient=True) as bar:
            task = bar.add_task(municipality.name, total=None)

            def progress(done, total):
                bar.update(task, completed=done, total=total)

            return batch.run(municipality=municipality, dry_run=dry_run, progress=progress)

    def _summary(self, facts: dict, dry_run: bool) -> None:
        gap = "bevist optimal" if facts["gap"] == 0 else f"højst {facts['gap']:.2%} fra optimum"
        self.stdout.write(
            f"{facts['municipality']}\n"
            f"  Ventende borgere: {facts['waiting']}\n"
            f"  Mulige par: {facts['candidates']}\n"
            f"  Foreslået: {facts['matched']} (heraf med følgeven: {facts['with_companion']})\n"
            f"  Venter stadig: {facts['left_waiting']} (ingen aktivitet inden for rækkevidde: "
            f"{facts['no_activity']}, ingen ledig plads: {facts['no_seat']}, "
            f"ingen følgeven: {facts['no_companion']})\n"
            f"  Først-til-mølle ville have fundet: {facts['greedy_matched']}\n"
            f"  Samlet score: {facts['score']} ({gap})\n"
            f"  Tid: {facts['seconds']} s"
        )
        if dry_run:
            self.stdout.write(self.style.WARNING("  Prøvekørsel: intet er gemt."))
        else:
            self.stdout.write(self.style.SUCCESS(f"  {facts['matched']} forslag er gemt."))
