"""The operator reads citizens' records in the Django admin only in a support session: the
second factor again, a written reason, at most SUPPORT_SESSION_MINUTES, every read audited
with the reason."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.models import AuditEvent
from security.models import SupportSession
from tests.factories import app_device_of, code_of, sign_in, start_support_session
from tests.security.hostile import FICTIONAL_CPR

CITIZEN_PAGES = [
    "admin:matching_citizen_changelist",
    "admin:matching_match_changelist",
    "admin:matching_screening_changelist",
    "admin:matching_selfreferral_changelist",
    "admin:matching_matchstatuschange_changelist",
]


@pytest.fixture
def operator_client(world):
    return sign_in(Client(), world.users["operator"])


@pytest.mark.parametrize("url_name", CITIZEN_PAGES)
def test_without_a_support_session_the_admin_sends_the_operator_to_start_one(
    world, operator_client, url_name
):
    response = operator_client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:support-session") + "?next=")
    assert not AuditEvent.objects.exists()


def test_a_change_page_of_a_citizen_needs_one_too(world, operator_client):
    url = reverse("admin:matching_citizen_change", args=[world.citizen_a.pk])
    assert operator_client.get(url).status_code == 302
    assert not AuditEvent.objects.exists()


def test_in_a_support_session_every_read_is_audited_with_the_reason(world, operator_client):
    start_support_session(operator_client, world.users["operator"], reason="Sag 17: forkert hold")
    response = operator_client.get(reverse("admin:matching_citizen_changelist"))
    assert response.status_code == 200
    assert "Inger" in response.content.decode()
    details = set(AuditEvent.objects.values_list("detail", flat=True))
    support = SupportSession.objects.get()
    assert details == {f"support {support.pk}: Sag 17: forkert hold"}
    assert AuditEvent.objects.filter(citizen_id=world.citizen_a.pk).count() == 1
    assert support.ends_at - support.started_at <= timedelta(hours=1)


@pytest.mark.parametrize(
    "action, audited",
    [
        ("export_as_json", AuditEvent.Action.EXPORT),
        ("anonymise", AuditEvent.Action.ERASE),
        ("withdraw", AuditEvent.Action.ERASE),
    ],
)
def test_the_admins_actions_on_citizens_are_audited_with_the_reason(
    world, operator_client, action, audited
):
    start_support_session(operator_client, world.users["operator"], reason="Indsigt, sag 23")
    support = SupportSession.objects.get()
    response = operator_client.post(
        reverse("admin:matching_citizen_changelist"),
        {"action": action, "_selected_action": [str(world.citizen_a.pk)]},
    )
    assert response.status_code in (200, 302)
    row = AuditEvent.objects.get(citizen_id=world.citizen_a.pk, action=audited)
    assert f"support {support.pk}: Indsigt, sag 23" in row.detail
    assert row.view == f"admin:citizen_{action.removesuffix('_as_json')}"


@pytest.mark.parametrize(
    "form",
    [
        {"code": "000000", "reason": "Fejlsøgning af en sag"},
        {"code": None, "reason": ""},
        {"code": None, "reason": f"Borgeren {FICTIONAL_CPR} ringede"},
    ],
    ids=["wrong code", "no reason", "cpr in the reason"],
)
def test_a_support_session_needs_a_right_code_and_a_reason(world, operator_client, form):
    code = form["code"] or code_of(app_device_of(world.users["operator"]))
    response = operator_client.post(
        reverse("admin:support-session"), {"code": code, "reason": form["reason"]}
    )
    assert response.status_code == 200
    assert not SupportSession.objects.exists()
    assert operator_client.get(reverse("admin:matching_citizen_changelist")).status_code == 302


def test_a_support_session_ends_after_its_time(world, operator_client, settings):
    start_support_session(operator_client, world.users["operator"])
    now = timezone.now()
    SupportSession.objects.update(
        started_at=now - timedelta(minutes=61), ends_at=now - timedelta(minutes=1)
    )
    assert operator_client.get(reverse("admin:matching_citizen_changelist")).status_code == 302


def test_the_operator_can_end_it_sooner(world, operator_client):
    start_support_session(operator_client, world.users["operator"])
    operator_client.post(reverse("admin:support-session"), {"end": "1"})
    assert operator_client.get(reverse("admin:matching_citizen_changelist")).status_code == 302
    assert SupportSession.objects.get().ends_at <= timezone.now()


def test_a_support_session_is_the_operators_own(world, operator_client):
    start_support_session(operator_client, world.users["operator"])
    colleague = sign_in(Client(), world.users["operator"])
    assert colleague.get(reverse("admin:matching_citizen_changelist")).status_code == 302


def test_deleting_a_team_with_citizens_shows_them_only_in_a_support_session(world, operator_client):
    url = reverse("admin:meetingplaces_team_delete", args=[world.team_a.pk])
    sent = operator_client.get(url)
    assert sent["Location"].startswith(reverse("admin:support-session"))
    assert not AuditEvent.objects.exists()
    start_support_session(operator_client, world.users["operator"])
    assert operator_client.get(url).status_code == 200


HOUR = timedelta(hours=1)


def test_support_sessions_are_deleted_with_the_audit_rows_that_cite_them(world, settings):
    from notifications.jobs import retention

    settings.AUDIT_RETENTION_MONTHS = 24
    now = timezone.now()
    operator = world.users["operator"]
    sessions = []
    for ended in (now - timedelta(days=2 * 365 + 10), now - timedelta(days=2 * 365 - 10)):
        support = SupportSession.objects.create(
            user=operator, username=operator.username, reason="Fejlsøgning", ends_at=now + HOUR
        )
        SupportSession.objects.filter(pk=support.pk).update(started_at=ended - HOUR, ends_at=ended)
        sessions.append(support)
    _old, recent = sessions
    retention(now=now)
    assert list(SupportSession.objects.values_list("pk", flat=True)) == [recent.pk]
