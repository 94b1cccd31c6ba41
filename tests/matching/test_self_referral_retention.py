"""Self-referrals are deleted SELF_REFERRAL_HANDLED_RETENTION_DAYS after a coordinator
handled them, and SELF_REFERRAL_UNHANDLED_RETENTION_DAYS after they arrived if nobody did,
by the daily retention job; the form's consent text says so."""

from datetime import timedelta

import pytest
from django.utils import timezone

from matching.models import SelfReferral
from matching.selfreferrals import create_self_referral, mark_referral_handled
from notifications.jobs import run_job
from tests.factories import ActivityFactory, CoordinatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def periods(settings):
    settings.SELF_REFERRAL_HANDLED_RETENTION_DAYS = 14
    settings.SELF_REFERRAL_UNHANDLED_RETENTION_DAYS = 60


def referral(activity, name: str, *, days_old: int) -> SelfReferral:
    made = create_self_referral(
        activity=activity, first_name=name, phone="12345678", postcode="4990", consent_text="Ja"
    )
    SelfReferral.objects.filter(pk=made.pk).update(
        created_at=timezone.now() - timedelta(days=days_old)
    )
    return made


def handled(coordinator, made: SelfReferral, *, days_ago: int) -> None:
    mark_referral_handled(referral_id=made.pk, by=coordinator)
    SelfReferral.objects.filter(pk=made.pk).update(
        handled_at=timezone.now() - timedelta(days=days_ago)
    )


def test_the_retention_job_deletes_handled_and_unhandled_referrals_past_their_periods():
    activity = ActivityFactory()
    coordinator = CoordinatorFactory(organisation=activity.organisation)
    handled_long_ago = referral(activity, "Asta", days_old=20)
    handled(coordinator, handled_long_ago, days_ago=15)
    handled_lately = referral(activity, "Bodil", days_old=70)
    handled(coordinator, handled_lately, days_ago=13)
    waiting_too_long = referral(activity, "Carla", days_old=61)
    referral(activity, "Dorte", days_old=59)

    assert run_job("retention") >= 2

    left = set(SelfReferral.objects.values_list("first_name", flat=True))
    assert left == {"Bodil", "Dorte"}
    assert {handled_long_ago.pk, waiting_too_long.pk}.isdisjoint(
        SelfReferral.objects.values_list("pk", flat=True)
    )
    # A second run the same day deletes nothing more.
    run_job("retention")
    assert SelfReferral.objects.count() == 2


def test_handling_records_when(db):
    activity = ActivityFactory()
    coordinator = CoordinatorFactory(organisation=activity.organisation)
    made = referral(activity, "Edel", days_old=0)
    mark_referral_handled(referral_id=made.pk, by=coordinator)
    made.refresh_from_db()
    assert made.status == SelfReferral.Status.HANDLED and made.handled_at is not None


def test_the_consent_text_on_the_form_names_both_periods(client):
    activity = ActivityFactory()
    page = client.get(f"/aktivitet/{activity.uuid}/").content.decode()
    assert "slettes 14 dage efter" in page
    assert "senest 60 dage efter" in page
    client.post(
        f"/aktivitet/{activity.uuid}/",
        {"first_name": "Frida", "phone": "12345678", "email": "", "postcode": "4990",
         "consent": "on", "website": ""},
    )  # fmt: skip
    assert "14 dage" in SelfReferral.objects.get().consent_text
