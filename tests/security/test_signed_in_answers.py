"""What a signed-in session leaves behind: nothing in caches, nothing personal in cookies,
and it ends after a while without use or at sign-out."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/hjemmepleje/", "/api/v1/citizens/"])
def test_answers_to_a_signed_in_user_are_never_stored(staff_client, path):
    response = staff_client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_for_anonymous_visitors_keep_their_caching(client):
    response = client.get("/find/?near=4800")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_flash_messages_live_in_the_session_not_in_a_cookie(coordinator_client, organisation):
    from tests.factories import VolunteerFactory

    waiting = VolunteerFactory(organisation=organisation, first_name="Ebbe", is_approved=False)
    response = coordinator_client.post(f"/frivillige/{waiting.pk}/godkend/")
    assert response.status_code == 302
    assert "messages" not in response.cookies
    assert "Ebbe" in coordinator_client.get("/frivillige/").content.decode()


def test_a_session_ends_after_the_idle_timeout_and_each_request_extends_it(staff_client, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    settings.SESSION_IDLE_REFRESH_SECONDS = 0  # (a minute by default: at most one write a minute)
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=5))
    assert staff_client.get("/hjemmepleje/").status_code == 200
    # The request moved the end to 30 minutes from now.
    extended = Session.objects.get(pk=session.pk).expire_date - timezone.now()
    assert timedelta(minutes=29) < extended <= timedelta(minutes=30)
    # Idle past the end: the next request is sent to sign in.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = staff_client.get("/hjemmepleje/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_sign_out_asks_the_browser_to_clear_the_site_in_production(staff_client, settings):
    settings.CLEAR_SITE_DATA_ON_LOGOUT = True
    response = staff_client.post("/logout/")
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert staff_client.get("/hjemmepleje/").status_code == 302


def test_sign_out_without_the_setting_sends_no_clear_site_data(staff_client, settings):
    settings.CLEAR_SITE_DATA_ON_LOGOUT = False
    assert "Clear-Site-Data" not in staff_client.post("/logout/")


def test_requests_within_a_minute_of_the_last_do_not_write_the_session(staff_client):
    staff_client.get("/hjemmepleje/")
    with CaptureQueriesContext(connection) as captured:
        assert staff_client.get("/hjemmepleje/").status_code == 200
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")
    ]
    assert writes == []
