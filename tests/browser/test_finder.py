"""The activity finder in a real browser: search, list and map, filters, popups, the
companion form, keyboard use, 200 % zoom and axe-core (0 serious or critical violations).

Map tiles are refused (as when offline): markers and the list must work without them.
"""

from datetime import time

import pytest
from axe_playwright_python.sync_playwright import Axe

from matching.models import SelfReferral
from tests.factories import ActivityFactory, MeetingPlaceFactory

pytestmark = pytest.mark.django_db(transaction=True)

TRICKY_TITLE = '<img src=x onerror="window.hacked=1"> Kaffe & kage'


@pytest.fixture
def activities():
    """Four activities around Sakskøbing (4990) at growing distances, one far away."""
    torvet = MeetingPlaceFactory(name="Torvet", latitude=54.7975, longitude=11.6455)
    engen = MeetingPlaceFactory(name="Engen", latitude=54.8120, longitude=11.6452, step_free=False)
    skoven = MeetingPlaceFactory(name="Skoven", latitude=54.7700, longitude=11.6600)
    nykobing = MeetingPlaceFactory(name="Nykøbing F", latitude=54.7690, longitude=11.8740)
    return {
        "nearest": ActivityFactory(meeting_place=torvet, title=TRICKY_TITLE, weekday=1),
        "second": ActivityFactory(
            meeting_place=engen, title="Sangkor", weekday=3, category="music"
        ),
        "third": ActivityFactory(
            meeting_place=skoven,
            title="Gåtur i skoven",
            weekday=1,
            category="walking",
            start_time=time(14),
            end_time=time(15, 30),
        ),
        "far": ActivityFactory(meeting_place=nykobing, title="Billard i byen", weekday=1),
    }


@pytest.fixture
def offline_tiles(page):
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    return page


def search(page, live_server, text="4990"):
    page.goto(live_server.url + "/")
    page.get_by_label("Skriv din adresse, dit postnummer eller din by").fill(text)
    page.get_by_role("button", name="Find aktiviteter").click()
    page.wait_for_selector("#results")
    page.wait_for_selector(".leaflet-marker-icon")


def list_titles(page) -> list[str]:
    return page.locator("#results .result h3").all_inner_texts()


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


def test_search_lists_nearest_first_and_shows_them_as_markers(
    offline_tiles, live_server, activities
):
    page = offline_tiles
    search(page, live_server)
    assert list_titles(page) == [TRICKY_TITLE, "Sangkor", "Gåtur i skoven"]
    markers = page.locator(".leaflet-marker-icon")
    assert markers.count() == 3
    assert sorted(markers.evaluate_all("els => els.map(e => e.alt)")) == sorted(
        [TRICKY_TITLE, "Sangkor", "Gåtur i skoven"]
    )


def test_a_filter_narrows_the_list_and_the_markers(offline_tiles, live_server, activities):
    page = offline_tiles
    search(page, live_server)
    page.get_by_label("Tirsdag").check()
    page.get_by_role("button", name="Søg", exact=True).click()
    page.wait_for_selector("#results")
    page.wait_for_selector(".leaflet-marker-icon")
    assert list_titles(page) == [TRICKY_TITLE, "Gåtur i skoven"]
    assert page.locator(".leaflet-marker-icon").count() == 2


def test_a_marker_opens_a_popup_with_the_title_escaped(offline_tiles, live_server, activities):
    page = offline_tiles
    search(page, live_server)
    page.locator(
        f'.leaflet-marker-icon[alt="{TRICKY_TITLE.replace(chr(34), chr(92) + chr(34))}"]'
    ).click()
    title = page.locator(".leaflet-popup .popup-title")
    title.wait_for()
    assert title.inner_text() == TRICKY_TITLE
    assert page.locator(".leaflet-popup img").count() == 0
    assert page.evaluate("window.hacked") is None
    page.locator(".leaflet-popup").get_by_role("link", name="Se aktiviteten").click()
    page.wait_for_selector("#companion")
    assert page.url.endswith(f"/aktivitet/{activities['nearest'].uuid}/")


def test_the_list_works_without_javascript(browser, live_server, activities):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    page = context.new_page()
    page.goto(live_server.url + "/find/?near=4990")
    assert list_titles(page) == [TRICKY_TITLE, "Sangkor", "Gåtur i skoven"]
    assert page.get_by_text("Kortet kræver JavaScript").is_visible()
    context.close()


def test_the_companion_form_submits_and_confirms(offline_tiles, live_server, activities):
    page = offline_tiles
    page.goto(f"{live_server.url}/aktivitet/{activities['second'].uuid}/")
    page.get_by_role("button", name="Send").click()
    assert page.get_by_text("Skriv dit fornavn.").first.is_visible()
    assert_accessible(page)  # the form with its error messages
    page.get_by_label("Dit fornavn").fill("Inger")
    page.get_by_label("Telefon").fill("12 34 56 78")
    page.get_by_label("Dit postnummer").fill("4990")
    page.get_by_label("Jeg siger ja til").check()
    page.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name="Tak for din henvendelse").wait_for()
    assert page.get_by_text("Sangkor").first.is_visible()
    assert SelfReferral.objects.get().activity == activities["second"]
    assert_accessible(page)


def test_keyboard_alone_searches_with_a_visible_focus(offline_tiles, live_server, activities):
    page = offline_tiles
    page.goto(live_server.url + "/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_near":
            break
    assert page.evaluate("document.activeElement.id") == "id_near"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.removesuffix("px")) >= 2
    page.keyboard.type("Sakskøbing")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results")
    assert list_titles(page)[0] == TRICKY_TITLE


@pytest.mark.parametrize("where", ["start", "results", "activity", "meeting_place"])
def test_pages_have_no_serious_axe_violations(offline_tiles, live_server, activities, where):
    page = offline_tiles
    urls = {
        "start": "/",
        "results": "/find/?near=4990",
        "activity": f"/aktivitet/{activities['nearest'].uuid}/",
        "meeting_place": f"/moedested/{activities['nearest'].meeting_place.uuid}/",
    }
    page.goto(live_server.url + urls[where])
    if where != "start":
        page.wait_for_selector(".leaflet-marker-icon")
    assert_accessible(page)
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 18


@pytest.mark.parametrize("where", ["start", "results", "activity", "meeting_place"])
def test_no_horizontal_scroll_at_200_percent_zoom(browser, live_server, activities, where):
    # 200 % zoom of a 1280 px wide window lays the page out in 640 CSS pixels: we emulate
    # it as a 640 px viewport with a device scale factor of 2 (what Chrome's zoom does).
    context = browser.new_context(
        viewport={"width": 640, "height": 450}, device_scale_factor=2, locale="da-DK"
    )
    page = context.new_page()
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    urls = {
        "start": "/",
        "results": "/find/?near=4990",
        "activity": f"/aktivitet/{activities['second'].uuid}/",
        "meeting_place": f"/moedested/{activities['second'].meeting_place.uuid}/",
    }
    page.goto(live_server.url + urls[where])
    page.wait_for_load_state("load")
    assert_no_horizontal_scroll(page)
    context.close()


def test_english_is_one_click_away(offline_tiles, live_server, activities):
    page = offline_tiles
    page.goto(live_server.url + "/find/?near=4990")
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Nearest first").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"


def test_use_my_location_searches_from_where_the_browser_is(browser, live_server, activities):
    context = browser.new_context(
        locale="da-DK",
        geolocation={"latitude": 54.7975, "longitude": 11.6455},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Brug min placering").click()
    page.wait_for_selector("#results")
    assert "near=54.79750%2C11.64550" in page.url
    assert list_titles(page)[0] == TRICKY_TITLE
    context.close()
