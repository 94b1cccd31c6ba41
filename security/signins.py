"""The record of sign-ins: django-axes writes every successful sign-in (AccessLog, with its
sign-out time) and every failed one (AccessFailureLog); the retention job deletes them after
SIGN_IN_RETENTION_DAYS, and the lockout counters once they no longer lock anyone out."""

from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction


def delete_expired_sign_ins(*, now: datetime) -> int:
    """Delete sign-in records older than the retention period; returns how many."""
    cutoff = now - timedelta(days=settings.SIGN_IN_RETENTION_DAYS)
    with transaction.atomic():
        deleted = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
        deleted += AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
        # A failed attempt counts towards a lockout for the cool-off period only.
        stale = now - settings.AXES_COOLOFF_TIME
        deleted += AccessAttempt.objects.filter(attempt_time__lt=stale).delete()[0]
    return deleted
