"""The public volunteer sign-up in a real browser: accessible, keyboard-usable, clear."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache

from meetingplaces.models import Volunteer
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_with_the_keyboard_and_wait_for_approval(page, live_server):
    cache.clear()  # the rate limit counts per address, and other tests signed up from here
    OrganisationFactory(name="Ældre Sagen Sakskøbing")
    page.goto(f"{live_server.url}/bliv-frivillig/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    page.get_by_label("Hvilken forening vil du være frivillig i?").select_option(
        label="Ældre Sagen Sakskøbing"
    )
    page.get_by_label("Fornavn").fill("Karen")
    page.get_by_label("Postnummer").fill("4990")
    page.get_by_label("kan være følgeven").check()
    page.get_by_label("Jeg giver lov").check()
    page.get_by_role("button", name="Send tilmeldingen").click()
    page.wait_for_load_state()
    # No phone and no e-mail: a clear message, nothing saved.
    assert page.get_by_role("alert").filter(has_text="Skriv et telefonnummer").is_visible()
    assert not Volunteer.objects.exists()

    page.get_by_label("E-mail").fill("karen@example.org")
    page.get_by_label("Jeg giver lov").check()
    page.get_by_label("E-mail").press("Enter")
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Tak for din tilmelding"
    karen = Volunteer.objects.get()
    assert (karen.first_name, karen.is_approved, karen.can_accompany) == ("Karen", False, True)
