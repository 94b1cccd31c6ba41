"""A coordinator imports a list in a real browser at 320 px: upload, a preview that names
every refused row, then confirm. The pages have no serious accessibility problems."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from meetingplaces.models import Activity
from tests.factories import CoordinatorFactory, MunicipalityFactory, OrganisationFactory

from .conftest import follow_menu_link, login

pytestmark = pytest.mark.django_db(transaction=True)

LIST = (
    "navn;adresse;postnr;aktivitet;ugedag;start;slut;farve\n"
    "Mødestedet i Kulturhuset;Nørregade 4;4800;Strik og snak;tirsdag;10:00;12:00;rød\n"
    "Sakskøbing Bibliotek – Læsestuen;Rådhusgade 8;9999;Højtlæsning;blursdag;10:00;11:00;\n"
)


@pytest.fixture
def narrow_page(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def assert_accessible(page):
    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], "\n".join(bad)


def assert_no_horizontal_scroll(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_a_coordinator_previews_and_imports_a_list_on_a_narrow_phone(
    narrow_page, live_server, tmp_path
):
    municipality = MunicipalityFactory(code="0376", name="Guldborgsund", slug="guldborgsund")
    organisation = OrganisationFactory(municipality=municipality, name="Ældre Sagen Guldborgsund")
    CoordinatorFactory(username="koordinator", organisation=organisation)
    path = tmp_path / "liste.csv"
    path.write_text(LIST, encoding="utf-8")
    page = narrow_page
    login(page, live_server, "koordinator")

    page.goto(f"{live_server.url}/indbakke/")
    follow_menu_link(page, "Importér liste")
    page.wait_for_load_state()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)

    page.get_by_label("Fil (CSV eller Excel .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Vis hvad der vil ske").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Gennemse importen"
    errors = page.get_by_role("alert")
    assert "Ukendt postnummer “9999”" in errors.inner_text()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    assert not Activity.objects.exists()

    errors.get_by_role("link", name="Række 3").click()
    assert page.url.endswith("#row-3")
    page.get_by_role("button", name="Importér 1 række").click()
    page.wait_for_load_state()
    assert "Importen er gemt: 1 oprettet" in page.get_by_role("status").inner_text()
    assert Activity.objects.get().title == "Strik og snak"
