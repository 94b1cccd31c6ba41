"""Home-care staff flag a citizen on a phone and see suggestions at once."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import login
from tests.factories import ActivityFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_staff_flag_a_citizen_on_a_phone_and_see_suggestions(phone_page, live_server):
    staff = StaffFactory()
    ActivityFactory(title="Whist i Medborgerhuset", interests=0b11)
    page = phone_page
    login(page, live_server, staff.username)
    page.goto(f"{live_server.url}/hjemmepleje/ny/")
    assert_accessible(page)

    page.get_by_label("Reference i omsorgssystemet").fill("HP-3301")
    page.get_by_label("Fornavn eller initialer").fill("Inger")
    page.get_by_label("Adresse eller postnummer").fill("Torvet 1, 4990 Sakskøbing")
    for question in ["savner du nogen", "holdt udenfor", "isoleret fra andre"]:
        page.get_by_role("group", name=question).get_by_label("Ofte").check()
    # The scale's total and meaning appear while filling in.
    assert page.locator("[data-loneliness-total]").inner_text() == "Score 9: Ofte ensom"
    page.get_by_label("kortspil").check()
    page.get_by_label("Rollator").check()
    page.get_by_label("Tirsdag").check()
    page.get_by_label("Formiddag").check()
    page.get_by_label("Borgeren har givet samtykke").check()
    page.get_by_label("Mundtligt").check()
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Gem og vis forslag").click()

    page.get_by_role("heading", name="Forslag at fortælle om").wait_for()
    suggestion = page.locator(".suggestion").first
    assert suggestion.get_by_role("heading").inner_text() == "Whist i Medborgerhuset"
    reasons = suggestion.locator(".reason").all_inner_texts()
    assert "Interesser: kortspil" in reasons
    assert "Tirsdag formiddag passer" in reasons
    assert "Trinfri adgang" in reasons
    assert_accessible(page)

    suggestion.get_by_role("button", name="Jeg har fortalt om Whist i Medborgerhuset").click()
    # The page has two live regions: the saved-message and the live history's state.
    assert page.get_by_role("status").filter(has_text="Noteret").count() == 1
    assert page.locator(".status-line").inner_text().startswith("Status: Foreslået")


def test_a_refused_form_tells_why_and_takes_focus_to_the_errors(phone_page, live_server):
    staff = StaffFactory()
    page = phone_page
    login(page, live_server, staff.username)
    page.goto(f"{live_server.url}/hjemmepleje/ny/")
    fictional_cpr_shaped = "010150-1234"  # refused: shaped like a CPR number
    page.get_by_label("Reference i omsorgssystemet").fill(fictional_cpr_shaped)
    page.get_by_role("button", name="Gem og vis forslag").click()
    errors = page.locator("#form-errors")
    assert "ligner et CPR-nummer" in errors.inner_text()
    assert "Uden samtykke gemmes intet" in errors.inner_text()
    assert page.evaluate("document.activeElement.id") == "form-errors"
