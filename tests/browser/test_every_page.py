"""Every page, for every demo role, on a 320 px wide phone: signed in through the form, each
lands on its own work; its navigation's pages and the pages one link deeper (a citizen, a
match, an activity…) answer, fit the screen without sideways scrolling and have no serious
or critical axe-core finding. One browser, one context per role."""

import threading
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import login
from tests.browser.test_finder import assert_accessible
from tests.factories import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "samvaer-demo"
HOMES = {
    None: "/",
    "admin": "/kommune/",
    "kommune": "/kommune/",
    "hjemmepleje-nord": "/hjemmepleje/",
    "koordinator-aeldresagen": "/indbakke/",
    "frivillig": "/",
}
# Pages one level down from a role's navigation that the walk opens (one of each kind).
DEEPER = (
    "/hjemmepleje/borgere/",
    "/indbakke/match/",
    "/aktivitet/",
    "/moedested/",
    "/frivillige/",
    "/mentorer/anmodning/",
    "/mentorer/tilbud/",
)
PUBLIC = (
    "/",
    "/find/?near=4990",
    "/om/",
    "/bliv-frivillig/",
    "/paaroerende/",
    "/login/",
    "/findes-ikke/",
)


@pytest.fixture
def demo(live_server):
    # Outside Playwright's thread: the demo sends live events through async_to_sync.
    loader = threading.Thread(target=load_demo, kwargs={"verbosity": 0})
    loader.start()
    loader.join()


def _fits_and_passes(page, url):
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), (
        f"{url} scrolls sideways at 320 px"
    )
    assert_accessible(page)


def _one_of_each_deeper_link(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "main a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
    )
    chosen = {}
    for href in hrefs:
        for prefix in DEEPER:
            if href.startswith(prefix) and href != prefix and prefix not in chosen:
                chosen[prefix] = href
    return list(chosen.values())


@pytest.mark.parametrize("username", list(HOMES))
def test_every_page_of_a_role_fits_a_phone_and_passes_axe(browser, live_server, demo, username):
    context = browser.new_context(viewport={"width": 320, "height": 700}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    if username:
        login(page, live_server, username, PASSWORD)
    else:
        page.goto(live_server.url + "/")
    assert urlsplit(page.url).path == HOMES[username]

    nav = page.eval_on_selector_all(
        ".site-menu nav a", "els => els.map(e => e.getAttribute('href'))"
    )
    to_visit = [url for url in nav if not url.startswith("/admin/")]
    if not username:
        to_visit += [url for url in PUBLIC if url not in to_visit]
    seen = set()
    deeper = []
    for url in to_visit:
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(live_server.url + url)
        expected = 404 if url == "/findes-ikke/" else 200
        assert response.status == expected, url
        _fits_and_passes(page, url)
        deeper += _one_of_each_deeper_link(page)
    for url in dict.fromkeys(deeper):
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        _fits_and_passes(page, url)
    context.close()


def test_the_menu_is_a_disclosure_on_a_phone_and_open_on_a_desktop(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 320, "height": 700}, locale="da-DK")
    page = context.new_page()
    login(page, live_server, "koordinator-aeldresagen", PASSWORD)
    inbox_link = page.locator(".site-menu").get_by_role("link", name="Indbakke", exact=True)
    assert not inbox_link.is_visible()
    page.get_by_text("Menu", exact=True).click()
    assert inbox_link.is_visible()
    assert inbox_link.get_attribute("aria-current") == "page"
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    assert page.locator(".site-menu").get_by_role("link", name="Opfølgning").is_visible()
    assert not page.get_by_text("Menu", exact=True).is_visible()
    context.close()
