"""A home for each role: where each demo user lands after signing in, the one navigation
(only what the role may use, every link answering), the municipality overview and the
error pages."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from frontend.errors import server_error
from frontend.navigation import ENTRIES, Viewer, links_for
from tests.factories import confirm_second_factor, load_demo, sign_in

pytestmark = pytest.mark.django_db

PASSWORD = "samvaer-demo"
HOMES = {
    "admin": "frontend:municipality-overview",
    "kommune": "frontend:municipality-overview",
    "hjemmepleje-nord": "frontend:homecare-citizens",
    "hjemmepleje-syd": "frontend:homecare-citizens",
    "hjemmepleje-vest": "frontend:homecare-citizens",
    "koordinator-aeldresagen": "frontend:inbox",
    "koordinator-roedekors": "frontend:inbox",
    "koordinator-kommunen": "frontend:inbox",
    "koordinator-frivilligcenter": "frontend:inbox",
    "frivillig": "frontend:home",
}
# Open to anyone: not being in a role's menu does not mean the role is refused there.
PUBLIC = {
    "frontend:home",
    "frontend:relative-request",
    "frontend:volunteer-sign-up",
    "frontend:login",
}


@pytest.fixture
def demo(db):
    load_demo(verbosity=0)


def _signed_in(username) -> Client:
    client = Client()
    response = client.post(reverse("frontend:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    confirm_second_factor(client, get_user_model().objects.get(username=username))
    return client, response


@pytest.mark.parametrize("username", list(HOMES))
def test_each_demo_user_lands_on_their_work_after_signing_in(demo, username):
    _, response = _signed_in(username)
    assert response["Location"] == reverse(HOMES[username])


def test_signing_in_goes_to_the_page_asked_for_first(demo):
    client = Client()
    response = client.post(
        reverse("frontend:login") + "?next=/rapporter/",
        {"username": "hjemmepleje-nord", "password": PASSWORD, "next": "/rapporter/"},
    )
    assert response["Location"] == "/rapporter/"


@pytest.mark.parametrize("username", list(HOMES))
def test_every_link_in_a_roles_menu_answers_and_the_others_refuse(demo, username):
    client, response = _signed_in(username)
    page = client.get(response["Location"])
    shown = {link.entry.url_name: link.url for link in page.context["nav_links"]}
    for url_name, url in shown.items():
        assert client.get(url).status_code == 200, url_name
    for entry in ENTRIES:
        if entry.url_name in shown or entry.url_name in PUBLIC:
            continue
        answer = client.get(reverse(entry.url_name))
        assert answer.status_code in (302, 403), entry.url_name


def test_the_menu_marks_the_current_page_and_its_section(demo):
    client, _ = _signed_in("koordinator-aeldresagen")
    page = client.get(reverse("frontend:inbox")).content.decode()
    assert f'<a href="{reverse("frontend:inbox")}" aria-current="page">' in page
    match_url = re.search(r'href="(/indbakke/match/[^"]+/)"', page).group(1)
    match_page = client.get(match_url).content.decode()
    assert f'<a href="{reverse("frontend:inbox")}" aria-current="true">' in match_page


def test_an_anonymous_visitor_sees_the_finder_the_mentors_sign_up_and_sign_in():
    names = [link.entry.url_name for link in links_for(Viewer(signed_in=False))]
    assert names == [
        "frontend:home",
        "frontend:relative-request",
        "frontend:volunteer-sign-up",
        "frontend:login",
    ]


def test_the_overview_counts_the_municipality_in_few_queries(demo, django_assert_num_queries):
    client, _ = _signed_in("kommune")
    # session, user, the second factor's device, the admin's municipality, register counts,
    # citizen counts, roles (menu)
    with django_assert_num_queries(7):
        page = client.get(reverse("frontend:municipality-overview"))
    assert page.status_code == 200
    assert page.context["register"]["meeting_places"] > 0
    text = page.content.decode()
    assert reverse("frontend:import") in text and reverse("frontend:api-keys") in text


def test_the_overview_refuses_a_coordinator(demo):
    client, _ = _signed_in("koordinator-aeldresagen")
    assert client.get(reverse("frontend:municipality-overview")).status_code == 403


def test_a_missing_page_is_danish_in_the_layout_with_a_way_on(client):
    page = client.get("/findes-ikke/")
    assert page.status_code == 404
    text = page.content.decode()
    assert "Siden findes ikke" in text and 'class="site-header"' in text
    assert reverse("frontend:home") in text


def test_a_refused_page_is_danish_and_points_to_the_users_own_start(demo):
    client, _ = _signed_in("hjemmepleje-nord")
    page = client.get(reverse("frontend:inbox"))
    assert page.status_code == 403
    text = page.content.decode()
    assert "Du har ikke adgang til siden" in text
    assert f'href="{reverse("frontend:homecare-citizens")}"' in text


def test_the_api_still_answers_its_errors_in_json(client):
    response = client.get("/api/v1/findes-ikke/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_server_error_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Der skete en fejl" in response.content.decode()


def test_the_server_error_of_the_api_is_json():
    response = server_error(RequestFactory().get("/api/v1/activities/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"


def test_a_form_sent_without_its_csrf_token_gets_a_danish_page(db):
    client = Client(enforce_csrf_checks=True)
    page = client.post(reverse("frontend:volunteer-sign-up"), {})
    assert page.status_code == 403
    assert "Formularen kunne ikke sendes" in page.content.decode()


@pytest.mark.parametrize("username", ["kommune", "hjemmepleje-nord", "koordinator-kommunen"])
def test_a_sign_in_by_other_means_lands_on_the_same_work(demo, client, username):
    """LOGIN_REDIRECT_URL (used after an accepted invitation) sends each role to its work."""
    sign_in(client, get_user_model().objects.get(username=username))
    response = client.get(reverse(settings.LOGIN_REDIRECT_URL))
    assert response["Location"] == reverse(HOMES[username])
