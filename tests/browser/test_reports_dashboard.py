"""The outcome dashboard in a real browser: charts drawn from the shipped Chart.js with the
same numbers in tables, no serious accessibility problem, usable 320 px wide, and the gap
page working with the map tiles unreachable."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import login
from tests.outcomes.conftest import small_world  # noqa: F401 (the hand-computed world)

pytestmark = pytest.mark.django_db(transaction=True)


def assert_no_serious_axe_violations(page):
    results = Axe().run(page)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    assert serious == [], results.generate_report()


@pytest.fixture
def offline_tiles(page):
    page.set_default_timeout(30_000)  # the reports page is heavier than most
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    return page


def test_the_dashboard_draws_its_charts_beside_tables_of_the_same_numbers(
    offline_tiles,
    live_server,
    small_world,  # noqa: F811
):
    page = offline_tiles
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, live_server, small_world.admin.username)
    page.get_by_role("link", name="Tal og effekt").first.click()
    page.get_by_role("heading", level=1, name="Tal og effekt").wait_for()
    page.locator("figure.chart canvas").first.wait_for(state="visible")
    assert page.locator("figure.chart:not([hidden])").count() == 3
    total = page.locator("#caption-funnel").locator("xpath=..").locator("tfoot td")
    assert total.all_inner_texts()[:4] == ["10", "< 5", "< 5", "7"]
    assert "< 5" in page.locator("#caption-funnel").locator("xpath=..").inner_text()
    assert_no_serious_axe_violations(page)
    assert errors == []  # the CSP let the shipped Chart.js run


def test_the_dashboard_fits_a_320_px_wide_phone(browser, live_server, small_world):  # noqa: F811
    context = browser.new_context(viewport={"width": 320, "height": 700}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, live_server, small_world.admin.username)
    for url in ("/rapporter/", "/rapporter/huller/", "/rapporter/aarsrapport/"):
        page.goto(live_server.url + url)
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
    context.close()


def test_the_gap_page_works_with_the_map_tiles_unreachable(
    offline_tiles,
    live_server,
    small_world,  # noqa: F811
):
    page = offline_tiles
    login(page, live_server, small_world.admin.username)
    page.goto(live_server.url + "/rapporter/huller/")
    assert "54.796, 11.640" in page.locator("#caption-gaps").locator("xpath=..").inner_text()
    page.locator("#gap-map.leaflet-container").wait_for()
    assert page.locator("#gap-map path.leaflet-interactive").count() == 1
    assert_no_serious_axe_violations(page)


def test_the_annual_report_prints_without_the_page_furniture(
    page,
    live_server,
    small_world,  # noqa: F811
):
    login(page, live_server, small_world.admin.username)
    page.goto(live_server.url + "/rapporter/aarsrapport/")
    assert_no_serious_axe_violations(page)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("form.report-filters").is_visible()
    assert page.locator("#caption-funnel").is_visible()
