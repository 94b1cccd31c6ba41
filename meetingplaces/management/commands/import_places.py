"""`manage.py import_places PATH`: import a list of meeting places and activities."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetingplaces.importing.plan import Action
from meetingplaces.importing.reading import ImportFileError
from meetingplaces.importing.selectors import import_scope_for_command
from meetingplaces.importing.services import import_places


class Command(BaseCommand):
    help = (
        "Imports meeting places and activities from a CSV or XLSX file. Valid rows are "
        "written in one transaction; refused rows are listed with the reason. Running it "
        "again updates what it created (by id, or by name and address) and adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .csv or .xlsx file.")
        parser.add_argument(
            "--municipality",
            default="",
            help="Name or code of the municipality of rows that name none.",
        )
        parser.add_argument(
            "--organisation", default="", help="Organisation of rows that name none."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )

    def handle(self, *args, path, municipality, organisation, dry_run, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            scope = import_scope_for_command(municipality=municipality, organisation=organisation)
        except LookupError as error:
            raise CommandError(str(error)) from error
        content = file.read_bytes()
        try:
            with self._progress() as advance:
                plan = import_places(
                    content=content,
                    filename=file.name,
                    scope=scope,
                    dry_run=dry_run,
                    progress=advance,
                )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for outcome in plan.refused:
            self.stderr.write(f"Row {outcome.line} ({outcome.label}): " + " ".join(outcome.errors))
        if plan.unknown_columns:
            self.stdout.write("Unknown columns, ignored: " + ", ".join(plan.unknown_columns))
        counts = plan.counts
        self.stdout.write(
            ("Dry run, nothing written: " if dry_run else "")
            + f"{len(plan.outcomes)} rows: "
            + ", ".join(f"{counts[action]} {action}" for action in Action)
            + "."
        )

    def _progress(self):
        """A progress bar on a terminal; nothing when the output goes to a file or a pipe."""
        stream = getattr(self.stdout, "_out", sys.stdout)
        return _RichProgress(stream) if stream.isatty() else _NoProgress()


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class _RichProgress:
    def __init__(self, stream):
        self.stream = stream

    def __enter__(self):
        from rich.console import Console
        from rich.progress import Progress

        console = Console(file=self.stream, force_terminal=True)
        self.progress = Progress(console=console, transient=True)
        self.progress.start()
        self.task = self.progress.add_task("Checking rows", total=None)
        return lambda done, total: self.progress.update(self.task, completed=done, total=total)

    def __exit__(self, *exc):
        self.progress.stop()
        return False
