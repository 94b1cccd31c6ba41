"""The start page in a real browser: large text, keyboard focus, Danish."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_start_page_is_danish_with_large_text(page, live_server):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.get_by_role("heading", level=1).inner_text() == "Find fællesskaber tæt på dig"
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 18


def test_skip_link_is_the_first_stop_for_the_keyboard(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Spring til indholdet"
