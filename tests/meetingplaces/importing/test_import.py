"""Importing a list: a preview says per row what would happen and writes nothing; the
import writes the valid rows only; importing again updates and never duplicates."""

from datetime import time
from decimal import Decimal

import pytest

from meetingplaces.importing.plan import Action
from meetingplaces.importing.services import import_places
from meetingplaces.models import Activity, MeetingPlace
from tests.factories import MeetingPlaceFactory

from .conftest import csv_bytes

HEADER = "id;navn;adresse;postnr;by;kommune;aktivitet;ugedag;start;slut;kategori;pris;kapacitet"
GOOD_ROWS = [
    HEADER,
    "a1;Kulturhuset;Nørregade 4;4800;;;Strik og snak;tirsdag;10:00;12:00;kreativt;gratis;12",
    "a2;Kulturhuset;Nørregade 4;4800;;;Kortspil;Wednesday;13.30;15;Spil og kort;20 kr;",
    ";Biblioteket;Rådhusgade 8;4990;Sakskøbing;0376;;;;;;;",
]


def run(lines, scope, *, dry_run=False, filename="liste.csv"):
    return import_places(content=csv_bytes(lines), filename=filename, scope=scope, dry_run=dry_run)


def counts():
    return MeetingPlace.objects.count(), Activity.objects.count()


def test_a_preview_says_what_would_be_created_and_writes_nothing(operator_scope):
    plan = run(GOOD_ROWS, operator_scope, dry_run=True)
    assert [o.action for o in plan.outcomes] == [Action.CREATE] * 3
    assert counts() == (0, 0)


def test_valid_rows_create_places_and_activities_with_what_the_cells_mean(operator_scope):
    run(GOOD_ROWS, operator_scope)
    knitting = Activity.objects.get(external_id="a1")
    assert knitting.meeting_place.name == "Kulturhuset"
    assert (knitting.weekday, knitting.start_time, knitting.end_time) == (1, time(10), time(12))
    assert (knitting.category, knitting.price, knitting.capacity) == ("creative", 0, 12)
    assert knitting.organisation.name == "Ældre Sagen Guldborgsund"
    cards = Activity.objects.get(external_id="a2")
    assert (cards.weekday, cards.start_time, cards.price) == (2, time(13, 30), Decimal(20))
    assert cards.category == "games"
    library = MeetingPlace.objects.get(name="Biblioteket")
    assert (library.town, library.municipality.code) == ("Sakskøbing", "0376")
    assert counts() == (2, 2)


def test_rows_without_coordinates_are_placed_at_their_postcode_and_say_so(operator_scope):
    plan = run(GOOD_ROWS, operator_scope)
    library = MeetingPlace.objects.get(name="Biblioteket")
    assert (round(library.latitude, 2), round(library.longitude, 2)) == (54.8, 11.65)
    assert "postnummeret" in plan.outcomes[2].notes[0]


def test_coordinates_in_the_file_win_and_may_use_decimal_commas(operator_scope):
    run(
        ["navn;adresse;postnr;breddegrad;længdegrad", "Havnehuset;Havnevej 1;4862;54,87;11,95"],
        operator_scope,
    )
    place = MeetingPlace.objects.get()
    assert (place.latitude, place.longitude) == (54.87, 11.95)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (";;Torvet 1;4800;;;;;;;;;", "navn mangler"),
        (";Sted;Torvet 1;48000;;;;;;;;;", "fire cifre"),
        (";Sted;Torvet 1;9999;;;;;;;;;", "Ukendt postnummer"),
        (";Sted;Torvet 1;4800;;;Kortspil;blursdag;10:00;12:00;;;", "Ukendt ugedag"),
        (";Sted;Torvet 1;4800;;;Kortspil;mandag;halv ti;12:00;;;", "Ukendt klokkeslæt"),
        (";Sted;Torvet 1;4800;;;Kortspil;mandag;12:00;10:00;;;", "efter starttiden"),
        (";Sted;Torvet 1;4800;;Atlantis;;;;;;;", "Ukendt kommune"),
        (";Sted;Torvet 1;4800;;;Kortspil;mandag;10:00;12:00;yoga;;", "Ukendt kategori"),
        (";Sted 010150-1234;Torvet 1;4800;;;;;;;;;", "CPR-nummer"),
        ("0101501234;Sted;Torvet 1;4800;;;;;;;;;", "CPR-nummer"),
    ],
    ids=[
        "missing name",
        "bad postcode",
        "unknown postcode",
        "bad weekday",
        "bad time",
        "ends before it starts",
        "unknown municipality",
        "unknown category",
        "CPR-shaped name",
        "CPR-shaped id",
    ],
)
def test_a_bad_row_is_refused_with_its_reason_in_the_preview_and_nothing_is_written(
    operator_scope, row, message
):
    plan = run([HEADER, row], operator_scope, dry_run=True)
    (outcome,) = plan.outcomes
    assert outcome.action == Action.REFUSED
    assert message in " ".join(outcome.errors)
    assert counts() == (0, 0)


def test_every_problem_of_a_row_is_listed_not_only_the_first(operator_scope):
    plan = run([HEADER, ";;Torvet 1;9999;;;Kortspil;blursdag;25:00;12:00;;;"], operator_scope)
    assert len(plan.outcomes[0].errors) == 4


def test_a_cpr_number_in_an_ignored_column_refuses_the_row_too(operator_scope):
    fictional_cpr = "010150-1234"
    plan = run(
        ["navn;postnr;adresse;noter", f"Sted;4800;Torvet 1;borger {fictional_cpr}"], operator_scope
    )
    assert plan.outcomes[0].action == Action.REFUSED
    assert counts() == (0, 0)


def test_only_the_valid_rows_are_imported(operator_scope):
    plan = run([*GOOD_ROWS, ";;Torvet 1;4800;;;;;;;;;"], operator_scope)
    assert plan.counts == {Action.CREATE: 3, Action.REFUSED: 1}
    assert counts() == (2, 2)


def test_importing_again_changes_nothing_and_duplicates_nothing(operator_scope):
    run(GOOD_ROWS, operator_scope)
    plan = run(GOOD_ROWS, operator_scope)
    assert [o.action for o in plan.outcomes] == [Action.UNCHANGED] * 3
    assert counts() == (2, 2)


def test_importing_again_updates_by_id_even_a_new_title_and_time(operator_scope):
    run(GOOD_ROWS, operator_scope)
    changed = [
        HEADER,
        "a1;Kulturhuset;Nørregade 4;4800;;;Strik og kaffe;torsdag;09:00;11:00;kreativt;10;12",
    ]
    plan = run(changed, operator_scope)
    assert plan.outcomes[0].action == Action.UPDATE
    knitting = Activity.objects.get(external_id="a1")
    assert (knitting.title, knitting.weekday, knitting.price) == ("Strik og kaffe", 3, 10)
    assert counts() == (2, 2)


def test_without_an_id_a_place_is_found_by_name_and_address(operator_scope, guldborgsund):
    existing = MeetingPlaceFactory(
        municipality=guldborgsund, name="Biblioteket", street="Rådhusgade 8", postcode="4990"
    )
    plan = run(
        ["navn;adresse;postnr;telefon", "biblioteket;Rådhusgade 8;4990;54 12 34 56"], operator_scope
    )
    assert plan.outcomes[0].action == Action.UPDATE
    existing.refresh_from_db()
    assert existing.phone == "54 12 34 56"
    # Its precise point stays: the address did not change.
    assert (existing.latitude, existing.longitude) == (54.7971, 11.6452)
    assert MeetingPlace.objects.count() == 1


def test_the_same_name_at_another_address_is_refused_not_merged(operator_scope, guldborgsund):
    MeetingPlaceFactory(municipality=guldborgsund, name="Biblioteket", street="Rådhusgade 8")
    plan = run(["navn;adresse;postnr", "Biblioteket;Torvet 1;4800"], operator_scope)
    assert plan.outcomes[0].action == Action.REFUSED
    assert "giv rækkerne et id" in plan.outcomes[0].errors[0]


def test_the_same_activity_twice_in_one_file_is_refused_the_second_time(operator_scope):
    plan = run([*GOOD_ROWS, GOOD_ROWS[1]], operator_scope)
    assert plan.outcomes[-1].action == Action.REFUSED
    assert "række 2" in plan.outcomes[-1].errors[0]
    assert counts() == (2, 2)


def test_a_rows_own_municipality_wins_over_the_default(operator_scope, soroe, guldborgsund):
    run(
        ["navn;adresse;postnr;kommune", "Sorø Bibliotek;Storgade 7;4180;Sorø Kommune"],
        operator_scope,
    )
    assert MeetingPlace.objects.get().municipality == soroe


def test_an_xlsx_list_imports_like_a_csv(operator_scope):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Name", "Street_Address", "Zip", "Title", "Weekday", "Start", "End"])
    workbook.active.append(
        ["Kulturhuset", "Nørregade 4", 4800, "Bingo", "Friday", time(14), time(16)]
    )
    out = io.BytesIO()
    workbook.save(out)
    plan = import_places(content=out.getvalue(), filename="liste.xlsx", scope=operator_scope)
    assert plan.counts == {Action.CREATE: 1}
    bingo = Activity.objects.get()
    assert (bingo.weekday, bingo.start_time, bingo.meeting_place.postcode) == (4, time(14), "4800")
