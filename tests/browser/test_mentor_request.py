"""A relative asks for a mentor on a phone (320 px): the page passes axe (no serious or
critical finding) before and after a refusal, fits the screen, works with the keyboard,
and the coordinator's request page, with its suggested mentor, passes too."""

import pytest
from django.core.cache import cache

from mentors.models import MentorRequest
from tests.browser.conftest import login
from tests.browser.test_finder import assert_accessible
from tests.factories import (
    CoordinatorFactory,
    MentorOfferFactory,
    OrganisationFactory,
    VolunteerFactory,
)
from tests.security.hostile import FICTIONAL_CPR

pytestmark = pytest.mark.django_db(transaction=True)


def _fits(page):
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.fixture
def narrow(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 700}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_relative_asks_for_a_mentor_on_a_phone(narrow, live_server):
    cache.clear()
    organisation = OrganisationFactory(name="Ældre Sagen Sakskøbing")
    MentorOfferFactory(volunteer=VolunteerFactory(organisation=organisation, first_name="Hanne"))
    page = narrow
    page.goto(f"{live_server.url}/paaroerende/")
    _fits(page)
    assert_accessible(page)

    page.get_by_role("textbox", name="Fornavn").fill(FICTIONAL_CPR)
    page.get_by_role("textbox", name="Telefon").fill("40 50 60 70")
    page.get_by_role("textbox", name="Postnummer").fill("4990")
    page.get_by_label("Jeg er pårørende som").select_option("spouse")
    page.get_by_label("Til en med").select_option("dementia")
    page.get_by_label("telefon", exact=True).check()
    page.get_by_label("Jeg siger ja").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    # A CPR number: refused with a clear message, nothing saved.
    assert page.get_by_role("alert").filter(has_text="CPR-nummer").is_visible()
    assert not MentorRequest.objects.exists()
    _fits(page)
    assert_accessible(page)

    page.get_by_role("textbox", name="Fornavn").fill("Birthe")
    page.get_by_label("Jeg siger ja").check()
    page.get_by_role("textbox", name="Fornavn").press("Enter")
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Tak")
    assert_accessible(page)
    request = MentorRequest.objects.get()
    assert (request.first_name, request.relation, request.ways) == ("Birthe", "spouse", 4)


def test_the_coordinators_request_page_on_a_phone(narrow, live_server):
    organisation = OrganisationFactory(name="Ældre Sagen Sakskøbing")
    MentorOfferFactory(volunteer=VolunteerFactory(organisation=organisation, first_name="Hanne"))
    coordinator = CoordinatorFactory(organisation=organisation, username="anna")
    from tests.factories import MentorRequestFactory

    request = MentorRequestFactory(organisation=organisation)
    page = narrow
    login(page, live_server, coordinator.username)
    page.goto(f"{live_server.url}/mentorer/anmodning/{request.pk}/")
    assert page.get_by_text("Kender til demens").is_visible()
    _fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Sæt sammen og giv besked").click()
    page.wait_for_load_state()
    assert page.get_by_text("40506070").is_visible()
    _fits(page)
    assert_accessible(page)
    page.goto(f"{live_server.url}/mentorer/")
    _fits(page)
    assert_accessible(page)
