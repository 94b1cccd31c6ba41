"""A coordinator keeps an activity in a real browser, on a 320 px phone and a desktop:
the schedule as plain choices, an error named at its field, a cancellation, and the public
page telling it all. axe-core finds nothing serious or critical; nothing scrolls sideways."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetingplaces.entries.freshness import verification_token
from meetingplaces.models import Activity
from tests.factories import (
    ActivityFactory,
    CoordinatorFactory,
    MunicipalityAdminFactory,
    OrganisationFactory,
)

from .conftest import follow_menu_link, login
from .test_import_preview import assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [320, 1280])
def test_a_coordinator_sets_a_monthly_schedule_and_cancels_a_date(browser, live_server, width):
    organisation = OrganisationFactory(name="Ældre Sagen Sakskøbing")
    CoordinatorFactory(username="anna", organisation=organisation)
    activity = ActivityFactory(organisation=organisation, title="Foredrag i biblioteket")
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, live_server, "anna")

    page.goto(f"{live_server.url}/indbakke/")
    follow_menu_link(page, "Aktiviteter og steder")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.screenshot(path=f"/tmp/entries-list-{width}.png", full_page=True)
    page.get_by_role("link", name="Foredrag i biblioteket").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)

    page.get_by_label("En bestemt ugedag i måneden").check()
    page.get_by_label("Hvilken i måneden").select_option(label="første")
    page.get_by_label("Sluttid").fill("09:00")  # before the start: refused
    page.get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert").filter(has_text="Noget skal rettes")
    assert summary.is_visible() and "Sluttiden skal være efter starttiden." in summary.inner_text()
    assert Activity.objects.get(pk=activity.pk).recurrence == ""
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.screenshot(path=f"/tmp/entries-edit-error-{width}.png", full_page=True)

    page.get_by_label("Sluttid").fill("12:00")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    assert Activity.objects.get(pk=activity.pk).recurrence == "RRULE:FREQ=MONTHLY;BYDAY=1TU"
    stored = Activity.objects.get(pk=activity.pk)
    first = stored.next_dates(after=stored.updated_at.date(), count=1)[0]
    page.get_by_label("Dato (eller første dag i pausen)").fill(first.isoformat())
    page.get_by_label("Årsag (vises for borgerne)").fill("Generalforsamling")
    page.get_by_role("button", name="Aflys", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("status").filter(has_text="Aflysningen er gemt").is_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.screenshot(path=f"/tmp/entries-edit-{width}.png", full_page=True)

    page.get_by_role("link", name="Se siden, som borgerne ser den").click()
    page.wait_for_load_state()
    when = page.locator("#when-heading + p").inner_text()
    assert when.startswith("Første tirsdag i måneden kl. 10.00–12.00")
    assert "er aflyst: Generalforsamling" in page.content()
    page.screenshot(path=f"/tmp/entries-public-{width}.png", full_page=True)
    context.close()


def test_the_freshness_list_and_the_reminders_link_on_a_phone(browser, live_server):
    MunicipalityAdminFactory(username="mette")
    owner = CoordinatorFactory(username="anna")
    old = ActivityFactory(
        organisation=owner.memberships.get().organisation,
        title="Sangaften",
        last_verified_on=timezone.localdate() - timedelta(weeks=33),
    )
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(
        f"{live_server.url}/aktiviteter/bekraeft/{verification_token(user=owner, activity=old)}/"
    )
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Stadig korrekt").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Tak!"
    page.screenshot(path="/tmp/entries-confirm-320.png", full_page=True)

    login(page, live_server, "mette")
    page.goto(f"{live_server.url}/kommune/friskhed/")
    assert "Sangaften" in page.content()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.screenshot(path="/tmp/entries-freshness-320.png", full_page=True)
    context.close()
