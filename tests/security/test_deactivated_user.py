"""A deactivated user gets nothing: not through a session on the pages or the API, not
through an API key, however the account was deactivated (the user form, or a bulk update
that sends no signal). Each refusal also shows that nothing changed."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from integrations import services as tokens
from matching.models import Citizen
from tests.api.test_citizens import BODY
from tests.factories import CitizenFactory, MatchFactory, sign_in

pytestmark = pytest.mark.django_db

HOW = ["saved", "bulk-updated"]


def deactivate(user, how: str) -> None:
    if how == "saved":
        user.is_active = False
        user.save()
    else:
        # No signal: the sessions are still stored; the authentication backend refuses.
        get_user_model().objects.filter(pk=user.pk).update(is_active=False)


@pytest.mark.parametrize("how", HOW)
def test_a_deactivated_staff_members_session_gets_no_page_and_no_api(staff, how):
    citizen = CitizenFactory(team=staff.memberships.get().team)
    client = Client()
    sign_in(client, staff)
    api_url = reverse("citizen-detail", args=[citizen.pk])
    page_url = reverse("frontend:homecare-citizens")
    assert client.get(api_url).status_code == 200
    assert client.get(page_url).status_code == 200

    deactivate(staff, how)

    answer = client.get(api_url)
    assert answer.status_code == 403
    assert citizen.first_name not in answer.content.decode()
    page = client.get(page_url)
    assert page.status_code == 302 and page["Location"].startswith(reverse("frontend:login"))
    refused = client.post(reverse("citizen-list"), BODY, content_type="application/json")
    assert refused.status_code == 403
    assert Citizen.objects.count() == 1


@pytest.mark.parametrize("how", HOW)
def test_a_deactivated_coordinators_session_cannot_accept(coordinator, how):
    match = MatchFactory(
        activity__organisation=coordinator.memberships.get().organisation,
        coordinator=coordinator,
    )
    client = Client()
    sign_in(client, coordinator)
    assert client.get(reverse("match-detail", args=[match.pk])).status_code == 200

    deactivate(coordinator, how)

    answer = client.post(reverse("match-accept", args=[match.pk]))
    assert answer.status_code == 403
    match.refresh_from_db()
    assert match.status == "proposed"


@pytest.mark.parametrize("how", HOW)
def test_an_api_key_of_a_deactivated_user_is_refused(team, how):
    token, key = tokens.token_create(
        municipality=team.municipality,
        name="Omsorgssystemet",
        scope="care_record",
        team_id=team.pk,
        created_by=None,
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("citizen-list")).status_code == 200

    deactivate(token.user, how)

    listed = api.get(reverse("citizen-list"))
    assert listed.status_code == 401
    created = api.post(reverse("citizen-list"), BODY, format="json")
    assert created.status_code == 401
    assert not Citizen.objects.exists()
