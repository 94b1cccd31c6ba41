"""The audit log in the admin: searchable by citizen, user and date; never editable."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from matching.access import record_change, record_shown
from matching.models import AuditEvent
from security.models import SupportSession
from security.support import audit_detail
from tests.factories import CitizenFactory, UserFactory, sign_in, start_support_session


@pytest.fixture
def operator(db):
    return UserFactory(username="drift", is_staff=True, is_superuser=True, password=None)


@pytest.fixture
def events(db):
    team_user = UserFactory(username="personale_nord", password=None)
    other_user = UserFactory(username="koordinator_syd", password=None)
    first, second = CitizenFactory(), CitizenFactory()
    record_shown(team_user, [first], view="a")
    record_change(other_user, [second], action="update", view="b")
    third = AuditEvent(
        user=team_user, username="personale_nord", action="read", citizen_id=second.pk, view="c"
    )
    third.save()
    return {"first": first, "second": second, "old": third}


def _listed(response) -> set[int]:
    return {event.pk for event in response.context["cl"].result_list}


def test_search_by_citizen(client, operator, events):
    sign_in(client, operator)
    url = reverse("admin:matching_auditevent_changelist")
    response = client.get(url, {"q": str(events["first"].pk)})
    assert response.status_code == 200
    assert _listed(response) == set(
        AuditEvent.objects.filter(citizen_id=events["first"].pk).values_list("pk", flat=True)
    )
    assert len(_listed(response)) == 1


def test_search_by_user(client, operator, events):
    sign_in(client, operator)
    url = reverse("admin:matching_auditevent_changelist")
    response = client.get(url, {"q": "koordinator_syd"})
    assert {AuditEvent.objects.get(pk=pk).username for pk in _listed(response)} == {
        "koordinator_syd"
    }


def test_filter_by_date(client, operator, events):
    sign_in(client, operator)
    url = reverse("admin:matching_auditevent_changelist")
    today = timezone.localdate()
    # The admin's date hierarchy: year, month and day.
    day = {"at__year": today.year, "at__month": today.month, "at__day": today.day}
    response = client.get(url, day)
    assert len(_listed(response)) == 3
    yesterday = today - timedelta(days=1)
    day = {"at__year": yesterday.year, "at__month": yesterday.month, "at__day": yesterday.day}
    assert _listed(client.get(url, day)) == set()


def test_audit_log_cannot_be_added_changed_or_deleted_in_the_admin(client, operator, events):
    sign_in(client, operator)
    event = events["old"]
    add = reverse("admin:matching_auditevent_add")
    change = reverse("admin:matching_auditevent_change", args=[event.pk])
    delete = reverse("admin:matching_auditevent_delete", args=[event.pk])
    changelist = reverse("admin:matching_auditevent_changelist")

    assert client.get(add).status_code == 403
    assert client.post(add, {"action": "read"}).status_code == 403
    # The change page only shows the event.
    page = client.get(change)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(change, {"view": "changed"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    # No bulk delete action either.
    bulk = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )
    assert "delete_selected" not in bulk.content.decode()
    event_after = AuditEvent.objects.get(pk=event.pk)
    assert event_after.view == "c"
    assert AuditEvent.objects.count() == 3


def test_audit_log_refuses_changes_in_code(events):
    event = events["old"]
    event.view = "changed"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).update(view="changed")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).view == "c"


def test_admin_citizen_pages_are_audited(client, operator):
    citizen = CitizenFactory()
    sign_in(client, operator)
    start_support_session(client, operator)
    client.get(reverse("admin:matching_citizen_changelist"))
    client.get(reverse("admin:matching_citizen_change", args=[citizen.pk]))
    assert list(
        AuditEvent.objects.filter(citizen_id=citizen.pk)
        .order_by("id")
        .values_list("view", "action")
    ) == [("admin:citizen_changelist", "read"), ("admin:citizen_change", "read")]


def test_admin_export_action_downloads_json_and_audits(client, operator):
    citizen = CitizenFactory(first_name="Gudrun")
    sign_in(client, operator)
    start_support_session(client, operator)
    response = client.post(
        reverse("admin:matching_citizen_changelist"),
        {"action": "export_as_json", "_selected_action": [citizen.pk]},
    )
    assert response.status_code == 200
    assert response.json()[0]["first_name"] == "Gudrun"
    assert AuditEvent.objects.filter(citizen_id=citizen.pk, action="export").count() == 1


def test_admin_anonymise_action(client, operator):
    citizen = CitizenFactory(first_name="Gudrun")
    sign_in(client, operator)
    start_support_session(client, operator)
    response = client.post(
        reverse("admin:matching_citizen_changelist"),
        {"action": "anonymise", "_selected_action": [citizen.pk]},
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.first_name == "" and citizen.anonymised_at is not None
    assert AuditEvent.objects.filter(citizen_id=citizen.pk, action="erase").count() == 1


def _audit_trail(citizen):
    return list(
        AuditEvent.objects.filter(citizen_id=citizen.pk)
        .order_by("id")
        .values_list("view", "action")
    )


def test_saving_a_citizen_in_the_admin_is_audited_as_a_change(client, operator):
    citizen = CitizenFactory(first_name="Gudrun")
    sign_in(client, operator)
    start_support_session(client, operator)
    url = reverse("admin:matching_citizen_change", args=[citizen.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(
        {
            "first_name": "Gudrun B.",
            "consent_given_at_0": citizen.consent_given_at.strftime("%Y-%m-%d"),
            "consent_given_at_1": citizen.consent_given_at.strftime("%H:%M:%S"),
            "waiting_since_0": "",
            "waiting_since_1": "",
            "screenings-TOTAL_FORMS": "0",
            "screenings-INITIAL_FORMS": "0",
        }
    )
    data = {k: v for k, v in data.items() if k not in ("consent_given_at", "waiting_since")}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    citizen.refresh_from_db()
    assert citizen.first_name == "Gudrun B."
    assert _audit_trail(citizen) == [
        ("admin:citizen_change", "read"),
        ("admin:citizen_change", "update"),
    ]


def test_match_and_screening_pages_audit_the_citizen_they_show(client, operator):
    from tests.factories import MatchFactory, ScreeningFactory

    match = MatchFactory()
    screening = ScreeningFactory(citizen=match.citizen)
    sign_in(client, operator)
    start_support_session(client, operator)
    client.get(reverse("admin:matching_match_changelist"))
    client.get(reverse("admin:matching_match_change", args=[match.pk]))
    client.get(reverse("admin:matching_screening_history", args=[screening.pk]))
    assert _audit_trail(match.citizen) == [
        ("admin:match_changelist", "read"),
        ("admin:match_change", "read"),
        ("admin:screening_history", "read"),
    ]


def test_deleting_a_citizen_in_the_admin_is_audited(client, operator):
    citizen = CitizenFactory()
    sign_in(client, operator)
    start_support_session(client, operator)
    url = reverse("admin:matching_citizen_delete", args=[citizen.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert _audit_trail(citizen) == [
        ("admin:citizen_delete", "read"),
        ("admin:citizen_delete", "delete"),
    ]


def test_the_admin_autocomplete_audits_the_citizens_it_offers(client, operator):
    shown = CitizenFactory(first_name="Gudrun")
    not_searched = CitizenFactory(first_name="Poul")
    sign_in(client, operator)
    start_support_session(client, operator)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "matching", "model_name": "match", "field_name": "citizen", "term": "Gud"},
    )
    assert [row["text"] for row in response.json()["results"]] == [str(shown)]
    assert _audit_trail(shown) == [("admin:citizen_autocomplete", "read")]
    assert _audit_trail(not_searched) == []


def test_self_referral_pages_in_the_admin_are_audited_under_the_referrals_id(client, operator):
    from matching.models import SelfReferral
    from tests.factories import ActivityFactory

    activity = ActivityFactory()
    referral = SelfReferral.objects.create(
        municipality=activity.meeting_place.municipality,
        activity=activity,
        first_name="Bodil",
        phone="22334455",
        postcode="4990",
        consent_text="Ja",
        consent_given_at=timezone.now(),
    )
    sign_in(client, operator)
    start_support_session(client, operator)
    client.get(reverse("admin:matching_selfreferral_changelist"))
    client.get(reverse("admin:matching_selfreferral_change", args=[referral.pk]))
    # Each read says it is a self-referral's, and why the operator looked (the support session).
    why = audit_detail(SupportSession.objects.get())
    assert list(
        AuditEvent.objects.filter(citizen_id=referral.pk)
        .order_by("id")
        .values_list("view", "detail")
    ) == [
        ("admin:selfreferral_changelist", f"self-referral {why}"),
        ("admin:selfreferral_change", f"self-referral {why}"),
    ]
