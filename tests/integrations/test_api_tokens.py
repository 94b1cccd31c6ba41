"""API keys for other systems: stored as digests, scoped to one team, every use logged,
revoked at once; a website's key reads the public data at its own rate."""

import hashlib

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from integrations import services
from integrations.models import ApiToken, ApiTokenUse
from matching.models import Citizen, Screening
from tests.api.test_citizens import BODY
from tests.factories import ActivityFactory, CitizenFactory, MunicipalityFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipality():
    return MunicipalityFactory()


@pytest.fixture
def team_a(municipality):
    return TeamFactory(municipality=municipality, name="Team A")


@pytest.fixture
def team_b(municipality):
    return TeamFactory(municipality=municipality, name="Team B")


def make_key(municipality, *, scope="care_record", team=None):
    return services.token_create(
        municipality=municipality,
        name="Omsorgssystemet",
        scope=scope,
        team_id=team.pk if team else None,
        created_by=None,
    )


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_only_a_digest_of_the_key_is_stored(municipality, team_a):
    token, key = make_key(municipality, team=team_a)

    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hashlib.sha512(key.encode()).hexdigest()
    assert key not in {str(value) for value in stored.__dict__.values()}
    assert key.startswith("samvaer_") and stored.token_key == key[:15]


def test_a_care_record_key_creates_a_citizen_and_screenings_for_its_team(municipality, team_a):
    _token, key = make_key(municipality, team=team_a)
    client = client_with(key)

    created = client.post("/api/v1/citizens/", BODY, format="json")
    assert created.status_code == 201, created.content
    citizen = Citizen.objects.get(pk=created.json()["id"])
    assert citizen.team == team_a

    follow_up = {
        "kind": "week_8",
        "taken_on": (timezone.localdate()).isoformat(),
        "lacks_companionship": 2,
        "feels_left_out": 2,
        "feels_isolated": 1,
    }
    response = client.post(f"/api/v1/citizens/{citizen.pk}/screenings/", follow_up, format="json")
    assert response.status_code == 201, response.content
    assert Screening.objects.filter(citizen=citizen).count() == 2
    assert client.get(f"/api/v1/citizens/{citizen.pk}/").json()["status"]


def test_a_key_for_team_a_cannot_read_team_b_citizen(municipality, team_a, team_b):
    _token, key = make_key(municipality, team=team_a)
    theirs = CitizenFactory(team=team_b)

    response = client_with(key).get(f"/api/v1/citizens/{theirs.pk}/")

    assert response.status_code == 404
    listed = client_with(key).get("/api/v1/citizens/").json()["results"]
    assert str(theirs.pk) not in {row["id"] for row in listed}


def test_a_revoked_key_gets_401_at_once_and_nothing_is_created(municipality, team_a):
    token, key = make_key(municipality, team=team_a)
    client = client_with(key)
    assert client.get("/api/v1/citizens/").status_code == 200

    services.token_revoke(municipality=municipality, token_digest=token.digest)

    for response in (
        client.get("/api/v1/citizens/"),
        client.post("/api/v1/citizens/", BODY, format="json"),
        client.get("/api/v1/activities/"),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
    assert not Citizen.objects.exists()


def test_an_unknown_key_gets_401():
    assert client_with("samvaer_not-a-key").get("/api/v1/citizens/").status_code == 401


def test_every_use_is_logged_with_its_time_and_path(municipality, team_a):
    token, key = make_key(municipality, team=team_a)
    client_with(key).get("/api/v1/citizens/")
    client_with(key).get("/api/v1/activities/", {"q": "kort"})

    uses = list(ApiTokenUse.objects.filter(token=token).order_by("at"))
    assert [(u.method, u.path) for u in uses] == [
        ("GET", "/api/v1/citizens/"),
        ("GET", "/api/v1/activities/"),
    ]
    assert all(u.at for u in uses)


def test_a_website_key_reads_public_data_but_no_citizen(municipality, team_a):
    _token, key = make_key(municipality, scope="website")
    ActivityFactory()
    client = client_with(key)
    assert client.get("/api/v1/activities/").status_code == 200
    assert client.get("/api/v1/hsds/services").status_code == 200
    assert client.get("/api/v1/citizens/").status_code == 403


def test_a_care_record_key_needs_a_team_of_the_municipality(municipality):
    other_team = TeamFactory(
        municipality=MunicipalityFactory(code="0360", slug="lolland", name="Lolland")
    )
    with pytest.raises(Exception, match="team"):
        make_key(municipality, team=other_team)
    with pytest.raises(Exception, match="team"):
        make_key(municipality, scope="care_record")
    assert not ApiToken.objects.exists()


def test_a_website_key_reads_public_data_at_a_higher_rate_than_anonymous(municipality, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "token_website", "5/minute")
    cache.clear()
    _token, key = make_key(municipality, scope="website")

    anonymous = [APIClient().get("/api/v1/activities/").status_code for _ in range(4)]
    website = [client_with(key).get("/api/v1/hsds/services").status_code for _ in range(6)]

    cache.clear()
    assert anonymous == [200, 200, 429, 429]
    assert website == [200] * 5 + [429]
