"""Retention, erasure and data-subject access (matching/privacy.py)."""

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from matching.models import AuditEvent, Citizen, Match, MatchStatusChange
from matching.privacy import (
    ERASED_NOTE,
    anonymise_citizen,
    anonymise_expired_citizens,
    citizens_due_for_anonymisation,
    export_citizen,
    subtract_months,
    withdraw_consent,
)
from meetingplaces.models import Membership
from tests.factories import (
    CitizenFactory,
    MatchFactory,
    ScreeningFactory,
    TeamFactory,
    UserFactory,
    sign_in,
)

PERSONAL = {"first_name": "Inger", "phone": "20304050", "notes": "Bor alene på 2. sal"}


@pytest.fixture
def citizen(db):
    return CitizenFactory(
        care_reference="REF-77001",
        latitude=54.7981,
        longitude=11.6413,
        gender=Citizen.Gender.WOMAN,
        **PERSONAL,
    )


@pytest.fixture
def admin_user(db, citizen):
    user = UserFactory(username="kommuneadmin", password=None)
    Membership.objects.create(
        user=user, role=Membership.Role.ADMIN, municipality=citizen.municipality
    )
    return user


def _ended_match(citizen, *, ended_at):
    match = MatchFactory(citizen=citizen, status=Match.Status.ENDED)
    Match.objects.filter(pk=match.pk).update(status_changed_at=ended_at)
    return match


def test_anonymising_erases_personal_fields_and_keeps_statistics(citizen, admin_user):
    ScreeningFactory(citizen=citizen, lacks_companionship=3, feels_left_out=2, feels_isolated=3)
    match = MatchFactory(
        citizen=citizen, status=Match.Status.DECLINED, decline_reason="Inger vil hellere strikke"
    )
    MatchStatusChange.objects.create(
        match=match, to_status=Match.Status.DECLINED, note="Ringede til Inger på 20304050"
    )

    anonymise_citizen(citizen=citizen, by=admin_user, reason="test")

    citizen.refresh_from_db()
    assert citizen.first_name == citizen.phone == citizen.notes == ""
    assert citizen.care_reference != "REF-77001"
    assert citizen.gender == Citizen.Gender.UNSPECIFIED
    assert citizen.anonymised_at is not None
    # Location is the postcode's centre (4990 Sakskøbing), not the home.
    assert (citizen.latitude, citizen.longitude) != (54.7981, 11.6413)
    assert citizen.postcode == "4990"
    # Statistics stay: screening scores, match status, mobility.
    assert citizen.screenings.get().total == 8
    match.refresh_from_db()
    assert match.status == Match.Status.DECLINED
    assert match.decline_reason == ERASED_NOTE
    assert match.history.get().note == ERASED_NOTE
    event = AuditEvent.objects.get(citizen_id=citizen.pk)
    assert (event.action, event.user) == (AuditEvent.Action.ERASE, admin_user)


def test_anonymising_twice_writes_one_erase_event(citizen, admin_user):
    anonymise_citizen(citizen=citizen, by=admin_user, reason="test")
    anonymise_citizen(citizen=citizen, by=admin_user, reason="test")
    assert AuditEvent.objects.filter(citizen_id=citizen.pk).count() == 1


def test_withdrawing_consent_erases_at_once_and_withdraws_open_matches(citizen, admin_user):
    open_match = MatchFactory(citizen=citizen, status=Match.Status.ACCEPTED)
    ended = MatchFactory(citizen=citizen, status=Match.Status.ENDED)

    withdraw_consent(citizen=citizen, by=admin_user)

    citizen.refresh_from_db()
    assert citizen.consent_withdrawn_at is not None
    assert citizen.anonymised_at is not None
    assert citizen.first_name == "" and citizen.phone == ""
    assert citizen.status == Citizen.Status.ENDED
    open_match.refresh_from_db()
    ended.refresh_from_db()
    assert open_match.status == Match.Status.WITHDRAWN
    assert open_match.history.get().from_status == Match.Status.ACCEPTED
    assert ended.status == Match.Status.ENDED


def test_citizen_is_due_twelve_months_after_the_last_match_ended(citizen):
    now = timezone.now()
    _ended_match(citizen, ended_at=now - timedelta(days=370))
    assert list(citizens_due_for_anonymisation(now=now, months=12)) == [citizen]
    assert list(citizens_due_for_anonymisation(now=now, months=13)) == []


def test_a_recent_or_open_match_keeps_the_citizen(citizen):
    now = timezone.now()
    _ended_match(citizen, ended_at=now - timedelta(days=400))
    recent = _ended_match(citizen, ended_at=now - timedelta(days=30))
    assert list(citizens_due_for_anonymisation(now=now, months=12)) == []
    Match.objects.filter(pk=recent.pk).update(
        status=Match.Status.PARTICIPATING, status_changed_at=now - timedelta(days=400)
    )
    assert list(citizens_due_for_anonymisation(now=now, months=12)) == []


def test_a_waiting_citizen_without_matches_is_kept(citizen):
    Citizen.objects.filter(pk=citizen.pk).update(updated_at=timezone.now() - timedelta(days=900))
    assert list(citizens_due_for_anonymisation(now=timezone.now(), months=12)) == []


def test_the_task_anonymises_expired_citizens_only(db, settings):
    settings.SAMVAER_RETENTION_MONTHS = 6
    now = timezone.now()
    team = TeamFactory()
    old = CitizenFactory(team=team, first_name="Ebba")
    young = CitizenFactory(team=team, first_name="Erna")
    _ended_match(old, ended_at=now - timedelta(days=200))
    _ended_match(young, ended_at=now - timedelta(days=100))

    result = anonymise_expired_citizens.enqueue()

    assert result.is_finished and result.return_value == 1
    old.refresh_from_db()
    young.refresh_from_db()
    assert old.anonymised_at is not None and old.first_name == ""
    assert young.anonymised_at is None and young.first_name == "Erna"
    event = AuditEvent.objects.get(citizen_id=old.pk)
    assert event.action == AuditEvent.Action.ERASE
    assert event.user is None
    assert "6" in event.detail


def test_the_command_runs_the_task(citizen):
    _ended_match(citizen, ended_at=timezone.now() - timedelta(days=400))
    out = StringIO()
    call_command("anonymise_expired", stdout=out)
    assert "Anonymised 1 citizen" in out.getvalue()
    citizen.refresh_from_db()
    assert citizen.anonymised_at is not None


def test_retention_months_come_from_the_environment():
    code = "from django.conf import settings; print(settings.SAMVAER_RETENTION_MONTHS)"
    env = {"SAMVAER_RETENTION_MONTHS": "18", "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip().splitlines()[-1] == "18"


@given(
    st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 12, 31)),
    st.integers(min_value=0, max_value=60),
)
def test_subtracting_months_lands_in_the_right_month(moment, months):
    moment = moment.replace(tzinfo=ZoneInfo("Europe/Copenhagen"))
    earlier = subtract_months(moment, months)
    assert (moment.year * 12 + moment.month) - (earlier.year * 12 + earlier.month) == months
    assert earlier.day <= moment.day
    assert earlier.time() == moment.time()
    assert earlier <= moment


def test_export_holds_everything_and_is_audited(citizen, admin_user):
    ScreeningFactory(citizen=citizen)
    match = MatchFactory(citizen=citizen)
    MatchStatusChange.objects.create(match=match, to_status=Match.Status.PROPOSED)

    data = export_citizen(citizen=citizen, by=admin_user)

    assert data["first_name"] == "Inger"
    assert data["phone"] == "20304050"
    assert data["care_reference"] == "REF-77001"
    assert data["screenings"][0]["total"] == 8
    assert data["matches"][0]["activity"] == match.activity.title
    assert data["matches"][0]["history"][0]["to_status"] == "proposed"
    events = AuditEvent.objects.filter(citizen_id=citizen.pk)
    assert [(e.action, e.user) for e in events] == [(AuditEvent.Action.EXPORT, admin_user)]


def test_export_page_gives_json_to_the_municipality_admin(client, citizen, admin_user):
    sign_in(client, admin_user)
    url = reverse("frontend:citizen-export", kwargs={"citizen_id": citizen.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["id"] == str(citizen.pk)
    assert data["notes"] == PERSONAL["notes"]
    assert AuditEvent.objects.filter(
        citizen_id=citizen.pk, action=AuditEvent.Action.EXPORT, user=admin_user
    ).exists()


def test_export_page_hides_another_municipalitys_citizen(client, citizen):
    from tests.factories import MunicipalityFactory

    other = MunicipalityFactory(code="0340", name="Sorø Kommune", slug="soroe")
    user = UserFactory(password=None)
    Membership.objects.create(user=user, role=Membership.Role.ADMIN, municipality=other)
    sign_in(client, user)
    url = reverse("frontend:citizen-export", kwargs={"citizen_id": citizen.pk})
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.exists()
