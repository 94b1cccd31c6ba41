"""Writing the audit trail of citizen records: every read and change leaves a row."""

from .models import AuditEvent


def record_citizen_access(*, user, citizen_ids, action: str, view: str, detail: str = "") -> None:
    """Write one AuditEvent per citizen that `user` read or changed through `view`."""
    authenticated = user is not None and user.is_authenticated
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user=user if authenticated else None,
            username=user.get_username() if authenticated else "",
            action=action,
            citizen_id=citizen_id,
            view=view,
            detail=detail[:200],
        )
        for citizen_id in citizen_ids
    )
