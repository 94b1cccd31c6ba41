"""The municipality admin's pages in a real browser: the admin invites a staff member, the
invitee opens the link, sets a password and lands signed in; every admin page passes axe
with nothing serious and does not scroll sideways at 320 px. Screenshots go to /tmp."""

import re

import pytest
from django.test import Client

from meetingplaces.models import Membership
from tests.browser.conftest import enrol_app, open_menu
from tests.browser.test_finder import assert_accessible, assert_no_horizontal_scroll
from tests.factories import (
    CitizenFactory,
    MunicipalityFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    sign_in,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Kaffe-og-kortspil-77"


@pytest.fixture
def municipality():
    municipality = MunicipalityFactory()
    MunicipalityFactory(code="0340", name="Sorø", slug="soroe")
    TeamFactory(municipality=municipality, name="Hjemmeplejen Nord")
    OrganisationFactory(municipality=municipality, name="Ældre Sagen Sakskøbing")
    return municipality


@pytest.fixture
def admin(municipality):
    user = UserFactory(username="kommune-admin", first_name="Mette")
    Membership.objects.create(user=user, role=Membership.Role.ADMIN, municipality=municipality)
    return user


def signed_in(browser, live_server, user, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
    client = Client()
    sign_in(client, user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.mark.parametrize("width", [1280, 320])
def test_the_admin_invites_and_the_invitee_arrives_signed_in(browser, live_server, admin, width):
    page = signed_in(browser, live_server, admin, width)
    page.goto(f"{live_server.url}/kommune/brugere/")
    assert_accessible(page)

    page.get_by_label("E-mail").fill("ole@example.dk")
    page.get_by_role("radio", name="Hjemmeplejemedarbejder").check()
    page.get_by_label("Team (for hjemmeplejemedarbejdere)").select_option(label="Hjemmeplejen Nord")
    page.get_by_role("button", name="Invitér").click()

    link = page.get_by_label("Invitationslink").input_value()
    assert re.search(r"/invitation/[^/]+/$", link)
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.screenshot(path=f"/tmp/admin-users-{width}.png", full_page=True)
    page.context.close()

    invitee = browser.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
    page = invitee.new_page()
    page.goto(link)
    assert page.get_by_text("Dit brugernavn er ole@example.dk").is_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.screenshot(path=f"/tmp/admin-invitation-{width}.png", full_page=True)

    page.get_by_label("Fornavn").fill("Ole")
    page.get_by_label("Efternavn").fill("Hansen")
    page.get_by_label("Vælg en adgangskode").fill(PASSWORD)
    page.get_by_label("Skriv adgangskoden igen").fill(PASSWORD)
    page.get_by_role("button", name="Gem og log ind").click()

    assert page.get_by_text("Velkommen, Ole. Du er logget ind.").is_visible()
    # The first sign-in connects the authenticator app before anything opens.
    assert "/login/ny-kode/" in page.url
    enrol_app(page)
    open_menu(page)
    assert page.get_by_role("button", name="Log ud").is_visible()
    page.goto(f"{live_server.url}/hjemmepleje/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert "/login/" not in page.url
    page.screenshot(path=f"/tmp/admin-arrived-{width}.png", full_page=True)

    page.goto(link)
    assert page.get_by_role("heading", name="Linket virker ikke").is_visible()
    invitee.close()


def test_every_admin_page_is_accessible_at_320_px(browser, live_server, admin, municipality):
    citizen = CitizenFactory(
        team=municipality.teams.get(), care_reference="EPJ-4411", first_name="Inger"
    )
    team = municipality.teams.get()
    organisation = municipality.organisations.get()
    page = signed_in(browser, live_server, admin, 320)
    pages = {
        "teams": "/kommune/teams/",
        "team": f"/kommune/teams/{team.pk}/",
        "organisations": "/kommune/organisationer/",
        "organisation": f"/kommune/organisationer/{organisation.pk}/",
        "organisation-new": "/kommune/organisationer/ny/",
        "user": f"/kommune/brugere/{admin.pk}/",
        "citizen-lookup": "/kommune/borgere/",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
        assert_no_horizontal_scroll(page)
        page.screenshot(path=f"/tmp/admin-{name}-320.png", full_page=True)

    page.goto(f"{live_server.url}/kommune/borgere/")
    page.get_by_label("Reference i omsorgssystemet").fill("epj-4411")
    page.get_by_role("button", name="Find borgeren").click()
    assert page.get_by_role("heading", name="Inger (EPJ-4411)").is_visible()
    # The citizen's page, with the dates and purposes of look-ups, at 320 px too.
    assert page.get_by_role("heading", name="Opslag i borgerens oplysninger").is_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label("Telefonnummer").fill("20 30 40 50")
    page.get_by_role("radio", name="En pårørende").check()
    page.get_by_label("Den pårørendes navn").fill("Hanne (datter)")
    page.get_by_label("Borgeren har sagt ja").check()
    page.get_by_role("button", name="Gem telefon").click()
    assert page.get_by_text("Telefonnummeret er gemt.").is_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.screenshot(path="/tmp/admin-citizen-320.png", full_page=True)
    citizen.refresh_from_db()
    assert citizen.relative_name == "Hanne (datter)"
    page.context.close()
