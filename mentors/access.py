"""Access to relatives' requests for a mentor: fetch for a user, check scope, audit, in one
call (the pattern of `matching.access`, whose audit log these reads are written to, under
the request's id with the detail "mentor-request").

Coordinators see the requests of their organisations; home-care staff the requests they
registered. Missing and not-yours raise the same `NotFound`.
"""

from collections.abc import Iterable

from django.db.models import QuerySet

from matching.access import NotFound, get_or_not_found, record_subjects
from matching.models import AuditEvent
from meetingplaces.roles import organisations_of

from .models import MentorRequest

MENTOR_REQUEST = "mentor-request"


def requests_coordinated_by(user) -> QuerySet[MentorRequest]:
    return MentorRequest.objects.filter(organisation__in=organisations_of(user))


def access_mentor_request(
    user,
    request_id,
    *,
    view: str,
    action: str = AuditEvent.Action.READ,
    detail: str = "",
    lock: bool = False,
) -> MentorRequest:
    """A request to an organisation the user coordinates, with its mentor; with `lock`,
    the row under `select_for_update` (the caller holds a transaction)."""
    requests = requests_coordinated_by(user)
    if lock:
        requests = requests.select_for_update(of=("self",))
    requests = requests.select_related("organisation", "mentor__volunteer", "coordinator")
    found = get_or_not_found(requests, request_id)
    _audit(user, [found.pk], action=action, view=view, detail=detail)
    return found


def record_requests_shown(user, rows: Iterable[MentorRequest], *, view: str) -> list:
    """The requests a list shows, already scoped by a selector: each read audited once."""
    rows = list(rows)
    _audit(user, [row.pk for row in rows], action=AuditEvent.Action.READ, view=view)
    return rows


def record_request_change(user, rows: Iterable[MentorRequest], *, action: str, view: str) -> None:
    """A service created, changed or erased these requests."""
    _audit(user, [row.pk for row in rows], action=action, view=view)


def _audit(user, ids, *, action: str, view: str, detail: str = "") -> None:
    if ids:
        kind = f"{MENTOR_REQUEST} {detail}".strip()
        record_subjects(user, ids, action=action, view=view, detail=kind)


__all__ = [
    "NotFound",
    "access_mentor_request",
    "record_request_change",
    "record_requests_shown",
    "requests_coordinated_by",
]
