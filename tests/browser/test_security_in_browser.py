"""In a real browser: payloads in citizen text stay inert, and the pages (the API docs
too) work under the Content-Security-Policy without a single violation."""

import pytest

from tests.browser.conftest import login, start_support_session
from tests.factories import ActivityFactory, CitizenFactory, UserFactory
from tests.security.hostile import SCRIPT_PAYLOADS

pytestmark = pytest.mark.django_db(transaction=True)

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _watch(page):
    page.add_init_script(WATCH_VIOLATIONS)


def test_payloads_in_citizen_and_activity_text_never_run(page, live_server):
    operator = UserFactory(username="drift", is_staff=True, is_superuser=True)
    citizens = [CitizenFactory(first_name=p[:50], notes=p) for p in SCRIPT_PAYLOADS]
    ActivityFactory(title=SCRIPT_PAYLOADS[1][:100], description=SCRIPT_PAYLOADS[0])
    login(page, live_server, operator.username)
    start_support_session(page, live_server, operator.username)
    urls = [
        "/admin/matching/citizen/",
        *[f"/admin/matching/citizen/{c.pk}/change/" for c in citizens],
        "/admin/meetingplaces/activity/",
    ]
    for url in urls:
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__samvaerPwned") is None, url
    # Shown to the reader as the text it is.
    page.goto(live_server.url + "/admin/matching/citizen/")
    assert page.get_by_text(SCRIPT_PAYLOADS[1][:50], exact=False).count() >= 1


@pytest.mark.parametrize("path", ["/", "/om/", "/login/"])
def test_pages_work_without_csp_violations(page, live_server, path):
    _watch(page)
    page.goto(live_server.url + path)
    page.wait_for_load_state("load")
    assert page.evaluate("window.__cspViolations") == []


def test_api_docs_render_under_the_csp(page, live_server):
    _watch(page)
    page.goto(live_server.url + "/api/v1/docs/")
    # Swagger UI renders the schema's title once its script has run.
    page.get_by_text("Samvær API").first.wait_for()
    assert page.locator(".swagger-ui").count() >= 1
    assert page.evaluate("window.__cspViolations") == []


def test_csp_blocks_an_injected_inline_script(page, live_server):
    # The second line of defence: even a script that slipped into a page would not run.
    _watch(page)
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.__samvaerPwned = 1";
          document.body.appendChild(s);
        }"""
    )
    page.wait_for_timeout(100)
    assert page.evaluate("window.__samvaerPwned") is None
    assert any("script-src" in v for v in page.evaluate("window.__cspViolations"))
