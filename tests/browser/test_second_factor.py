"""The first sign-in on a phone 320 px wide: the password, then connecting an authenticator
app (its key read from the page, as a person types it into the app), the recovery codes,
the next sign-in with a code, and new recovery codes from the menu; every step passes
axe."""

from base64 import b32decode

from django_otp.oath import totp

from tests.browser.conftest import follow_menu_link
from tests.browser.test_finder import assert_accessible
from tests.factories import StaffFactory


def _fits_and_passes(page):
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert_accessible(page)


def _password(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("test-adgangskode-42")
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()


def test_enrolment_and_the_next_sign_in_at_320_px(browser, live_server, team):
    staff = StaffFactory(team=team, username="sofie")
    context = browser.new_context(viewport={"width": 320, "height": 700}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(30_000)

    _password(page, live_server, staff.username)
    assert "/login/ny-kode/" in page.url
    assert page.get_by_role("img", name="QR-kode til godkendelsesappen").is_visible()
    _fits_and_passes(page)
    key = b32decode("".join(page.locator(".secret-key code").inner_text().split()))
    page.get_by_label("Kode").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Bekræft").click()
    page.wait_for_load_state()
    assert page.locator(".recovery-codes li").count() == 10
    _fits_and_passes(page)
    page.get_by_role("link", name="Jeg har gemt koderne – fortsæt").click()
    page.wait_for_load_state()
    assert page.url.endswith("/hjemmepleje/")

    context.clear_cookies()
    _password(page, live_server, staff.username)
    assert "/login/kode/" in page.url
    _fits_and_passes(page)
    page.get_by_label("Kode").fill(f"{totp(key, drift=1):06d}")
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()
    assert page.url.endswith("/hjemmepleje/")

    # New recovery codes, from the menu, for a code from the app.
    follow_menu_link(page, "Adgangskode og login")
    assert "Du har 10 ubrugte gendannelseskoder" in page.content()
    _fits_and_passes(page)
    page.get_by_role("link", name="Lav nye gendannelseskoder").click()
    page.wait_for_load_state()
    _fits_and_passes(page)
    page.get_by_label("Kode").fill(f"{totp(key, drift=2):06d}")
    page.get_by_role("button", name="Lav nye koder").click()
    page.wait_for_load_state()
    assert page.locator(".recovery-codes li").count() == 10
    assert "De gamle virker ikke længere" in page.content()
    _fits_and_passes(page)
    context.close()
