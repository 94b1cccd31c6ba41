"""Playwright driving Debian's chromium against pytest-django's live server.

Playwright's own browser download does not work here; `make browser` installs chromium.
Map tiles are unreachable in tests: pages must work with markers and the list alone.
"""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; Django must still allow the
# ORM here (test set-up runs in the same thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser():
    # Module-scoped: Playwright's sync API keeps an event loop in this thread while it
    # runs, which the async (channels) tests elsewhere must not meet.
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) on a desktop-sized window, Danish first."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized window, as home-care staff use between visits."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="da-DK",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def login(page, live_server, username: str, password: str = "test-adgangskode-42") -> None:
    """Sign in through the real login form, and then the second factor's: the user's app
    (made here if they have none) shows the code."""
    from django.contrib.auth import get_user_model

    from tests.factories import app_device_of, code_of

    device = app_device_of(get_user_model().objects.get(username=username))
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()
    page.get_by_label("Kode").fill(code_of(device))
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()


def open_menu(page) -> None:
    """Open the site's menu where it is a disclosure (on a phone); on a desktop it is open."""
    summary = page.locator(".site-menu > summary")
    if summary.is_visible() and page.locator(".site-menu[open]").count() == 0:
        summary.click()


def follow_menu_link(page, name: str) -> None:
    """Follow a link of the site's menu, opening it first where it is a disclosure."""
    open_menu(page)
    page.locator(".site-menu").get_by_role("link", name=name, exact=True).click()


def enrol_app(page) -> bytes:
    """On the second factor's enrolment page: type the key shown into "the app" (django-otp's
    TOTP here), confirm with its code, and go on past the recovery codes. Returns the key."""
    from base64 import b32decode

    from django_otp.oath import totp

    key = b32decode("".join(page.locator(".secret-key code").inner_text().split()))
    page.get_by_label("Kode").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Bekræft").click()
    page.wait_for_load_state()
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="Jeg har gemt koderne – fortsæt").click()
    page.wait_for_load_state()
    return key


def start_support_session(page, live_server, username: str) -> None:
    """An operator signed in with `login` starts a support session in the admin."""
    from django.contrib.auth import get_user_model

    from tests.factories import app_device_of, code_of

    device = app_device_of(get_user_model().objects.get(username=username))
    page.goto(f"{live_server.url}/admin/support/")
    page.get_by_label("Kode fra din godkendelsesapp").fill(code_of(device, steps_ahead=1))
    page.get_by_label("Begrundelse").fill("Test af visningen af borgeres tekst")
    page.get_by_role("button", name="Start støttesession").click()
    page.wait_for_load_state()
