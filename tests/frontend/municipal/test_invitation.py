"""The invitee's link: it lets them set a name and a password and arrive signed in, once,
within INVITATION_MAX_AGE_DAYS, and only while it is the newest link of an active user."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from meetingplaces.administration import services

User = get_user_model()
PASSWORD = "Kaffe-og-kortspil-77"


@pytest.fixture
def invitation(home, team, municipality_admin):
    user, token = services.user_invite(
        municipality=home, email="ole@example.dk", role="staff", team=team, by=municipality_admin
    )
    return user, reverse("frontend:invitation", args=[token])


def accept(client, url, **fields):
    data = {
        "first_name": "Ole",
        "last_name": "Hansen",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return client.post(url, {**data, **fields})


def test_the_invitee_sets_name_and_password_and_arrives_signed_in(client, invitation):
    user, url = invitation
    page = client.get(url)
    assert page.status_code == 200 and "ole@example.dk" in page.content.decode()

    response = accept(client, url)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.get_full_name() == "Ole Hansen" and user.check_password(PASSWORD)
    # Signed in with the new password; the second factor is connected before any page opens.
    work = client.get(reverse("frontend:homecare-citizens"))
    assert work["Location"].startswith(reverse("security:verify"))
    assert client.get(work["Location"])["Location"].startswith(reverse("security:enrol"))


def test_the_link_works_once(client, invitation):
    user, url = invitation
    accept(client, url)
    client.logout()

    response = accept(client, url, password1="Noget-helt-andet-99", password2="Noget-helt-andet-99")

    assert response.status_code == 404
    assert "Linket virker ikke" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_link_expires_after_the_configured_days(client, invitation, settings, monkeypatch):
    settings.INVITATION_MAX_AGE_DAYS = 2
    user, url = invitation
    later = time.time() + 2 * 24 * 60 * 60 + 60
    # The signature's clock (django.core.signing reads time.time()).
    monkeypatch.setattr(time, "time", lambda: later)

    response = accept(client, url)

    assert response.status_code == 404
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_new_link_replaces_the_old(client, invitation, home, municipality_admin):
    user, old_url = invitation
    _user, token = services.invitation_renew(
        municipality=home, user_id=user.pk, by=municipality_admin
    )

    assert accept(client, old_url).status_code == 404
    assert accept(client, reverse("frontend:invitation", args=[token])).status_code == 302


def test_a_deactivated_invitee_cannot_use_the_link(client, invitation, home, municipality_admin):
    user, url = invitation
    services.user_set_active(
        municipality=home, user_id=user.pk, active=False, by=municipality_admin
    )

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("token", ["abc", "eyJ1IjoxfQ:1tGx:forged", ""])
def test_a_forged_link_is_no_link(client, token):
    response = client.get(f"/invitation/{token}/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"password2": "Noget-andet-12"}, "password2"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1"),
        ({"password1": "kort", "password2": "kort"}, "password1"),
        ({"first_name": "  "}, "first_name"),
    ],
)
def test_a_bad_password_or_name_is_refused_and_the_link_still_works(
    client, invitation, fields, field
):
    user, url = invitation

    response = accept(client, url, **fields)

    assert response.status_code == 200
    assert f'href="#id_{field}"' in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert accept(client, url).status_code == 302


def test_the_first_admin_is_invited_from_the_command_line(db, client, settings):
    from io import StringIO

    from django.core.management import call_command

    from tests.factories import MunicipalityFactory

    MunicipalityFactory(code="0340", name="Sorø", slug="soroe")
    out = StringIO()
    call_command("invite_admin", "leder@soroe.example.dk", municipality="340", stdout=out)

    user = User.objects.get(username="leder@soroe.example.dk")
    assert [(m.role, m.municipality.code) for m in user.memberships.all()] == [("admin", "0340")]
    link = out.getvalue().strip().splitlines()[-1]
    assert link.startswith(settings.SITE_URL + "/invitation/")
    assert accept(client, link.removeprefix(settings.SITE_URL)).status_code == 302
    # Signed in with the password; the second factor comes before the admin's pages.
    page = client.get(reverse("frontend:municipal-users"))
    assert page["Location"].startswith(reverse("security:verify"))
