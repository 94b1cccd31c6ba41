"""`manage.py import_places`: the same import from a terminal, with a summary; twice
imports nothing new; --dry-run writes nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetingplaces.importing.services import import_places
from meetingplaces.models import Activity, MeetingPlace

from .conftest import csv_bytes

POSTCODES = ["4800", "4840", "4850", "4863", "4871", "4873", "4874", "4880", "4990"]
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag"]


def generated_rows(count: int) -> list[str]:
    """A list of `count` activities, three at each meeting place, without coordinates."""
    lines = ["id;sted_id;navn;adresse;postnr;aktivitet;ugedag;start;slut;pris"]
    for i in range(count):
        place = i // 3
        lines.append(
            f"akt-{i};sted-{place};Mødested {place};Skolevej {place};"
            f"{POSTCODES[place % len(POSTCODES)]};Aktivitet {i};{WEEKDAYS[i % 5]};"
            f"{9 + i % 8}:00;{10 + i % 8}:30;{i % 3 * 10}"
        )
    return lines


@pytest.fixture
def a_list(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(csv_bytes(generated_rows(300)))
    return path


def command(*args):
    out, err = StringIO(), StringIO()
    call_command("import_places", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_few_hundred_rows_imported_twice_leave_the_same_rows(a_list, aeldre_sagen):
    out, _err = command(
        str(a_list), "--municipality", "Guldborgsund", "--organisation", "Ældre Sagen Guldborgsund"
    )
    assert "300 rows: 300 create, 0 update, 0 unchanged, 0 refused." in out
    first = (MeetingPlace.objects.count(), Activity.objects.count())
    out, _err = command(
        str(a_list), "--municipality", "376", "--organisation", "ældre sagen guldborgsund"
    )
    assert "0 create, 0 update, 300 unchanged, 0 refused." in out
    assert (MeetingPlace.objects.count(), Activity.objects.count()) == first == (100, 300)


def test_dry_run_writes_nothing(a_list, aeldre_sagen):
    out, _err = command(str(a_list), "--dry-run", "--organisation", "Ældre Sagen Guldborgsund")
    assert "Dry run, nothing written: 300 rows: 300 create" in out
    assert MeetingPlace.objects.count() == Activity.objects.count() == 0


def test_refused_rows_are_listed_with_their_line(tmp_path, aeldre_sagen):
    path = tmp_path / "liste.csv"
    path.write_bytes(csv_bytes(["navn;adresse;postnr", "Kulturhuset;Torvet 1;99999"]))
    _out, err = command(str(path), "--municipality", "Guldborgsund")
    assert "Row 2 (Kulturhuset): Postnummeret “99999” har ikke fire cifre." in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--municipality", "Atlantis"], "Ukendt kommune"),
        (["--organisation", "Ingen Forening"], "Fandt 0 foreninger"),
    ],
)
def test_an_unknown_default_stops_before_reading(a_list, guldborgsund, args, message):
    with pytest.raises(CommandError, match=message):
        command(str(a_list), *args)


def test_an_import_reads_in_four_queries_and_writes_in_bulk(operator_scope):
    with CaptureQueriesContext(connection) as queries:
        import_places(content=csv_bytes(generated_rows(30)), filename="a.csv", scope=operator_scope)
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    assert statements == [
        "SAVEPOINT",  # the transaction (a savepoint inside the test's)
        "SELECT",  # the municipalities, to find the rows' own
        "SELECT",  # existing meeting places of those municipalities
        "SELECT",  # their activities
        "SELECT",  # their organisations
        "INSERT",  # 10 new meeting places in one statement
        "INSERT",  # 30 new activities in one statement
        "RELEASE",
    ]


def test_importing_again_with_changes_updates_in_bulk(operator_scope):
    import_places(content=csv_bytes(generated_rows(30)), filename="a.csv", scope=operator_scope)
    changed = [line.replace("Skolevej", "Skolegade") for line in generated_rows(30)]
    with CaptureQueriesContext(connection) as queries:
        plan = import_places(content=csv_bytes(changed), filename="a.csv", scope=operator_scope)
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    assert statements == [
        "SAVEPOINT",
        "SELECT",  # municipalities
        "SELECT",  # meeting places
        "SELECT",  # activities
        "SELECT",  # organisations
        "UPDATE",  # the 10 moved meeting places in one statement
        "RELEASE",
    ]
    assert plan.counts["update"] == 10
    assert MeetingPlace.objects.filter(street__startswith="Skolegade").count() == 10


class _Terminal(StringIO):
    def isatty(self):
        return True


def test_a_progress_bar_shows_on_a_terminal_only(a_list, aeldre_sagen):
    terminal = _Terminal()
    call_command(
        "import_places", str(a_list), "--dry-run", "--municipality", "376", stdout=terminal
    )
    assert "Checking rows" in terminal.getvalue()
    out, _err = command(str(a_list), "--dry-run", "--municipality", "376")
    assert "Checking rows" not in out
