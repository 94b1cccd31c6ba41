"""The audit log is kept for AUDIT_RETENTION_MONTHS, then purged by the daily retention job."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from matching.models import AuditEvent
from notifications.jobs import retention

pytestmark = pytest.mark.django_db


def test_the_retention_job_purges_audit_rows_past_the_period_once(settings):
    settings.AUDIT_RETENTION_MONTHS = 24
    AuditEvent.objects.create(
        action=AuditEvent.Action.READ, citizen_id=uuid.uuid4(), view="test", username="sanne"
    )
    now = timezone.now()
    assert retention(now=now + timedelta(days=700)) == 0
    assert AuditEvent.objects.count() == 1
    assert retention(now=now + timedelta(days=740)) == 1
    assert not AuditEvent.objects.exists()
    assert retention(now=now + timedelta(days=740)) == 0
