"""Support sessions: an operator reads citizens' records in the Django admin only inside
one, started with the second factor again and a written reason, for at most
SUPPORT_SESSION_MINUTES. Every admin read in it is audited with the reason
(matching/admin.py passes `audit_detail` to the access functions)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import SupportSession

SESSION_KEY = "_samvaer_support_session"


def start_support_session(request, *, reason: str) -> SupportSession:
    """The caller has checked the second factor (security.second_factor.check_code)."""
    now = timezone.now()
    support = SupportSession.objects.create(
        user=request.user,
        username=request.user.get_username(),
        reason=reason.strip(),
        ends_at=now + timedelta(minutes=settings.SUPPORT_SESSION_MINUTES),
    )
    request.session[SESSION_KEY] = support.pk
    request._support_session = support
    return support


def active_support_session(request) -> SupportSession | None:
    """This browser session's support session while it lasts, else None (read once)."""
    if not hasattr(request, "_support_session"):
        pk = request.session.get(SESSION_KEY)
        request._support_session = (
            SupportSession.objects.filter(
                pk=pk, user=request.user, ends_at__gt=timezone.now()
            ).first()
            if pk
            else None
        )
    return request._support_session


def end_support_session(request) -> None:
    support = active_support_session(request)
    if support is not None:
        SupportSession.objects.filter(pk=support.pk).update(ends_at=timezone.now())
    request.session.pop(SESSION_KEY, None)
    request._support_session = None


def audit_detail(support: SupportSession) -> str:
    """What the audit row says about why the record was read."""
    return f"support {support.pk}: {' '.join(support.reason.split())}"[:200]


def delete_expired_support_sessions(*, now) -> int:
    """Support sessions go with the audit rows that cite them: those that ended more than
    AUDIT_RETENTION_MONTHS ago are deleted; returns how many."""
    from matching.privacy import subtract_months

    cutoff = subtract_months(now, settings.AUDIT_RETENTION_MONTHS)
    return SupportSession.objects.filter(ends_at__lt=cutoff).delete()[0]
