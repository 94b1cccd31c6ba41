"""The municipality admin's API keys page in a real browser, on a phone: create a key,
see it once, revoke it; axe-core finds nothing serious and nothing scrolls sideways."""

import pytest
from django.test import Client

from integrations.models import ApiToken
from meetingplaces.models import Membership
from tests.browser.conftest import follow_menu_link
from tests.browser.test_finder import assert_accessible, assert_no_horizontal_scroll
from tests.factories import MunicipalityFactory, TeamFactory, UserFactory, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin_page(phone_page, live_server):
    municipality = MunicipalityFactory()
    TeamFactory(municipality=municipality, name="Team Nord")
    admin = UserFactory(username="kommune-admin")
    Membership.objects.create(user=admin, role=Membership.Role.ADMIN, municipality=municipality)
    client = Client()
    sign_in(client, admin)
    phone_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return phone_page


def test_an_admin_creates_and_revokes_a_key_on_a_phone(admin_page, live_server):
    page = admin_page
    page.goto(f"{live_server.url}/")
    follow_menu_link(page, "API-nøgler")
    assert_accessible(page)

    page.get_by_label("Navn").fill("Kommunens hjemmeside")
    page.get_by_label("Adgang").select_option("website")
    page.get_by_role("button", name="Opret nøgle").click()

    key = page.locator("#new-key").inner_text()
    assert key.startswith(ApiToken.objects.get().token_key)
    assert_accessible(page)
    assert_no_horizontal_scroll(page)

    page.get_by_role("button", name="Træk “Kommunens hjemmeside” tilbage").click()
    assert page.get_by_text("er trukket tilbage").first.is_visible()
    assert ApiToken.objects.get().is_revoked
    assert key not in page.content()
