"""Retention and erasure of relatives' requests, as for citizens: the personal fields go,
what the statistics need stays (status, dates, situation, the follow-up answers, the
postcode's area). The audit trail refers to the request by id and outlives it."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from matching.models import AuditEvent
from notifications import mentors as notify

from ..access import record_request_change
from ..models import MentorRequest


def anonymise_request(*, request_id, by, reason: str = "") -> MentorRequest:
    """Erase the personal fields of one request (idempotent)."""
    with transaction.atomic():
        request = MentorRequest.objects.select_for_update().get(pk=request_id)
        if request.anonymised_at is not None:
            return request
        request.first_name = ""
        request.phone = ""
        request.email = ""
        request.latitude, request.longitude = (
            round(request.latitude, 2),
            round(request.longitude, 2),
        )
        request.anonymised_at = timezone.now()
        request.save()
        notify.request_erased(request)
        record_request_change(
            by, [request], action=AuditEvent.Action.ERASE, view=f"mentors.anonymise {reason}"[:100]
        )
    return request


def requests_due_for_anonymisation(*, now: datetime):
    """Ended or declined longer ago than MENTOR_REQUEST_RETENTION_DAYS, or never handled
    for that long."""
    cutoff = now - timedelta(days=settings.MENTOR_REQUEST_RETENTION_DAYS)
    return MentorRequest.objects.filter(anonymised_at=None).filter(
        Q(
            status__in=[MentorRequest.Status.ENDED, MentorRequest.Status.DECLINED],
            status_changed_at__lt=cutoff,
        )
        | Q(status=MentorRequest.Status.NEW, created_at__lt=cutoff)
    )


def anonymise_expired_requests(*, now: datetime) -> int:
    """The retention job's part for mentor requests; returns how many were anonymised."""
    ids = list(requests_due_for_anonymisation(now=now).values_list("pk", flat=True))
    for request_id in ids:
        anonymise_request(request_id=request_id, by=None, reason="retention")
    return len(ids)
