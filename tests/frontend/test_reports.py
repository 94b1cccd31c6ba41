"""The outcome pages and files: aggregates only, small counts as "< 5" everywhere."""

import io

import pytest
from openpyxl import load_workbook

from tests.factories import UserFactory, sign_in
from tests.outcomes.conftest import small_world  # noqa: F401 (the hand-computed world)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, small_world):  # noqa: F811
    sign_in(client, small_world.admin)
    return client


def test_the_dashboard_shows_the_funnel_with_charts_and_tables(admin_client):
    page = admin_client.get("/rapporter/").content.decode()
    assert "Forløbet fra registrering til deltagelse" in page
    assert 'data-chart="total"' in page and "chart.umd.min.js" in page
    assert "før-efter-sammenligning" in page
    assert "&lt; 5" in page


def test_no_citizen_name_or_reference_reaches_a_page_or_file(admin_client, small_world):  # noqa: F811
    bodies = [
        admin_client.get(url).content
        for url in (
            "/rapporter/",
            "/rapporter/huller/",
            "/rapporter/aarsrapport/",
            "/rapporter/eksport.csv?report=funnel",
            "/rapporter/eksport.csv?report=effect",
            "/rapporter/eksport.csv?report=gaps",
        )
    ]
    for body in bodies:
        assert b"Inger" not in body  # every citizen of the world is called Inger


def test_the_csv_file_hides_small_counts_like_the_page(admin_client):
    text = admin_client.get("/rapporter/eksport.csv?report=funnel").content.decode()
    assert "Nord;< 5;< 5;< 5;< 5;< 5;< 5;< 5;< 5" in text
    # Steps that differ from the one before by under five are hidden too (8 of 10, ...).
    assert "I alt;10;< 5;< 5;7;< 5;5;< 5;< 5" in text


def test_the_spreadsheet_has_a_sheet_per_table_with_the_same_cells(admin_client):
    response = admin_client.get("/rapporter/eksport.xlsx?report=funnel")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert ["I alt", 10, "< 5", "< 5", 7, "< 5", 5, "< 5", "< 5"] in rows
    assert len(workbook.worksheets) >= 7


def test_the_annual_report_prints_a_year(admin_client):
    page = admin_client.get("/rapporter/aarsrapport/?year=2025").content.decode()
    assert "årsrapport 2025" in page and "01.01.2025–31.12.2025" in page


def test_the_gap_page_lists_the_squares_and_the_best_places(admin_client):
    page = admin_client.get("/rapporter/huller/?interest=cards").content.decode()
    assert "54.796, 11.640" in page
    assert 'id="gap-cells"' in page and "Bedste steder til en ny aktivitet" in page


def test_another_municipality_on_the_page_is_not_found(admin_client):
    assert admin_client.get("/rapporter/?municipality=0340").status_code == 404
    assert admin_client.get("/rapporter/eksport.csv?municipality=0340").status_code == 404


def test_someone_without_a_role_is_refused(client):
    sign_in(client, UserFactory())
    assert client.get("/rapporter/").status_code == 403


def test_signed_in_people_find_the_dashboard_from_the_header(admin_client):
    assert 'href="/rapporter/"' in admin_client.get("/").content.decode()


def test_the_dashboard_speaks_english_too(admin_client):
    admin_client.post("/i18n/setlang/", {"language": "en", "next": "/rapporter/"})
    page = admin_client.get("/rapporter/").content.decode()
    assert "Figures and effect" in page and "The funnel from flagging to taking part" in page
