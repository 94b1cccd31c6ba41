"""The municipality admin's API keys page: create (shown once), list, revoke."""

import pytest
from django.test import Client

from integrations.models import ApiToken
from meetingplaces.models import Membership
from tests.factories import MunicipalityFactory, StaffFactory, TeamFactory, UserFactory, sign_in

pytestmark = pytest.mark.django_db

URL = "/kommune/api-noegler/"


@pytest.fixture
def municipality():
    return MunicipalityFactory()


@pytest.fixture
def admin_client(municipality):
    admin = UserFactory()
    Membership.objects.create(user=admin, role=Membership.Role.ADMIN, municipality=municipality)
    client = Client()
    sign_in(client, admin)
    return client


def test_an_admin_creates_a_key_and_sees_it_once(admin_client, municipality):
    team = TeamFactory(municipality=municipality)

    created = admin_client.post(
        URL, {"name": "Omsorgssystemet", "scope": "care_record", "team": team.pk}
    )

    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    token = ApiToken.objects.get()
    page = created.content.decode()
    key = page.split('id="new-key">')[1].split("<")[0]
    assert key.startswith(token.token_key) and token.team == team
    assert key not in admin_client.get(URL).content.decode()


def test_a_care_record_key_without_a_team_is_refused_with_a_message(admin_client):
    response = admin_client.post(URL, {"name": "Omsorgssystemet", "scope": "care_record"})
    assert "Vælg et af kommunens teams" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_an_admin_revokes_a_key(admin_client):
    admin_client.post(URL, {"name": "Hjemmesiden", "scope": "website"})
    token = ApiToken.objects.get()

    response = admin_client.post(URL, {"revoke": token.digest}, follow=True)

    token.refresh_from_db()
    assert token.is_revoked and not token.user.is_active
    assert "trukket tilbage" in response.content.decode()


def test_another_municipality_cannot_revoke_the_key(admin_client):
    other = MunicipalityFactory(code="0360", slug="lolland", name="Lolland Kommune")
    stranger = UserFactory()
    Membership.objects.create(user=stranger, role=Membership.Role.ADMIN, municipality=other)
    admin_client.post(URL, {"name": "Hjemmesiden", "scope": "website"})
    token = ApiToken.objects.get()
    client = Client()
    sign_in(client, stranger)

    client.post(URL, {"revoke": token.digest})

    token.refresh_from_db()
    assert not token.is_revoked


def test_the_page_is_in_the_admins_menu_only(admin_client):
    assert f'href="{URL}"' in admin_client.get("/").content.decode()
    staff = Client()
    sign_in(staff, StaffFactory())
    assert f'href="{URL}"' not in staff.get("/").content.decode()
    assert staff.get(URL).status_code == 403
    assert Client().get(URL).status_code == 302


def test_the_page_has_english_text(admin_client):
    page = admin_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "API keys" in page
