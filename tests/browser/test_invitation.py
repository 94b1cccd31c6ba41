"""The printed invitation as staff see it and print it: accessible, and one A4 page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from matching.models import Match
from tests.browser.conftest import login
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    MatchFactory,
    StaffFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def invitation_url(live_server):
    coordinator = CoordinatorFactory(first_name="Kirsten")
    organisation = coordinator.memberships.get().organisation
    organisation.phone = "54 11 22 33"
    organisation.save()
    staff = StaffFactory(username="sanne")
    citizen = CitizenFactory(
        team=staff.memberships.get().team, first_name="Inger", latitude=54.81, longitude=11.62
    )
    activity = ActivityFactory(
        organisation=organisation, coordinator=coordinator, title="Kortspil og kaffe"
    )
    match = MatchFactory(
        citizen=citizen,
        activity=activity,
        coordinator=coordinator,
        status=Match.Status.ACCEPTED,
        companion=VolunteerFactory(organisation=organisation, first_name="Hanne"),
    )
    return f"{live_server.url}/hjemmepleje/borgere/{citizen.pk}/invitation/{match.pk}/"


def test_the_invitation_has_no_serious_axe_violations(page, live_server, invitation_url):
    login(page, live_server, "sanne")
    page.goto(invitation_url)
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Du er inviteret til Kortspil og kaffe"
    )
    assert page.get_by_role("img", name=re.compile("ligger ca. .* km fra dit hjem")).count() == 1
    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], "\n".join(bad)


def test_it_prints_on_one_a4_page_without_the_site_around_it(page, live_server, invitation_url):
    login(page, live_server, "sanne")
    page.goto(invitation_url)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="Print invitationen").is_visible()
    assert page.get_by_text("Hanne går med dig første gang.").is_visible()
    assert page.get_by_text("54 11 22 33").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
