"""The inbox in a real browser against a real ASGI server (daphne, with WebSockets): when a
colleague accepts a proposal, the other coordinator's inbox changes without a reload."""

from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe

from matching.models import Match, MatchStatusChange
from tests.browser import asgi_server as asgi_server_process
from tests.browser.conftest import login
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    MatchFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def asgi_server(django_db_setup):
    process = asgi_server_process.start()
    if not process.ready.wait(timeout=60):
        process.terminate()
        pytest.fail("daphne did not start")
    yield SimpleNamespace(url=f"http://127.0.0.1:{process.port.value}")
    process.terminate()
    process.join(timeout=10)


@pytest.fixture
def desk(browser):
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_a_colleagues_accept_moves_the_proposal_without_reload(asgi_server, desk):
    organisation = OrganisationFactory(name="Ældre Sagen Sakskøbing")
    anna = CoordinatorFactory(organisation=organisation, username="anna")
    bo = CoordinatorFactory(organisation=organisation, username="bo")
    match = MatchFactory(
        activity=ActivityFactory(organisation=organisation, title="Kortklubben"),
        citizen=CitizenFactory(first_name="Inger", phone="12345678"),
        reasons=[{"kind": "distance", "value": 0.8, "text": "800 m væk"}],
    )
    MatchStatusChange.objects.create(match=match, to_status=Match.Status.PROPOSED)

    annas = desk()
    login(annas, asgi_server, anna.username)
    annas.goto(f"{asgi_server.url}/indbakke/")
    annas.wait_for_selector('#inbox-lists[data-live="on"]')
    assert annas.locator(f"#proposals #match-{match.pk}").is_visible()
    assert annas.get_by_text("800 m væk").is_visible()
    annas.evaluate("window.stillTheSamePage = true")
    assert_accessible(annas)

    bos = desk()
    login(bos, asgi_server, bo.username)
    bos.goto(f"{asgi_server.url}/indbakke/match/{match.pk}/")
    assert_accessible(bos)
    bos.get_by_role("button", name="Acceptér forslaget").click()
    bos.wait_for_load_state()
    assert bos.get_by_text("Forslaget er accepteret").is_visible()

    annas.wait_for_selector(f"#ongoing #match-{match.pk}")
    assert annas.locator(f"#proposals #match-{match.pk}").count() == 0
    assert annas.locator(f"#ongoing #match-{match.pk}").inner_text().count("12345678") == 1
    assert annas.evaluate("window.stillTheSamePage") is True
    assert annas.get_by_role("status").filter(has_text="Indbakken er opdateret").count() == 1
    assert_accessible(annas)


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
