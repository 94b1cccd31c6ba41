"""Access to citizen records: fetch for a user, check the user's scope, write the audit row,
in one call. Pages, the API, the admin and the services read personal data through here;
AuditEvent rows are written by this module and nowhere else.

A record that does not exist and a record outside the user's scope raise the same
`NotFound`, so that nobody learns which; pages and the API answer both with 404.
"""

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from meetingplaces.roles import organisations_of

from . import selectors
from .models import AuditEvent, Citizen, Match, MatchStatusChange, Screening, SelfReferral

Row = TypeVar("Row")

# A self-referral holds a person's name and contact without being a citizen record; its
# reads are audited under the referral's id, marked with this detail.
SELF_REFERRAL = "self-referral"


class NotFound(Http404):
    """No such record for this user: "missing" and "not yours" are one answer."""


def access_citizen(
    user,
    citizen_id,
    *,
    view: str,
    action: str = AuditEvent.Action.READ,
    detail: str = "",
    lock: bool = False,
) -> Citizen:
    """A citizen of the user's home-care teams, with screenings and matches prefetched; or
    with `lock`, the bare row under `select_for_update` (the caller holds a transaction)."""
    if lock:
        citizens = selectors.citizens_visible_to(user).select_for_update()
        citizen = get_or_not_found(citizens, citizen_id)
    else:
        try:
            citizen = selectors.citizen_with_history(user=user, citizen_id=citizen_id)
        except (Citizen.DoesNotExist, ValidationError, ValueError, TypeError):
            raise NotFound from None
    _write(user, [citizen.pk], action=action, view=view, detail=detail)
    return citizen


def access_citizen_for_export(user, citizen_id) -> Citizen:
    """A citizen of a municipality the user is an admin of, for a data-subject access
    request. Not audited here: the export itself is (`record_change`, action export)."""
    return get_or_not_found(selectors.citizens_administered_by(user), citizen_id)


def access_citizen_as_admin(
    user,
    citizen_id,
    *,
    view: str,
    action: str = AuditEvent.Action.READ,
    detail: str = "",
    lock: bool = False,
) -> Citizen:
    """A citizen of a municipality the user is an admin of (anonymised ones too: erasure
    is asked about after it happened); with `lock`, under `select_for_update`."""
    citizens = selectors.citizens_administered_by(user).select_related("team")
    if lock:
        citizens = citizens.select_for_update(of=("self",))
    citizen = get_or_not_found(citizens, citizen_id)
    _write(user, [citizen.pk], action=action, view=view, detail=detail)
    return citizen


def access_citizen_by_reference(user, care_reference: str, *, view: str) -> Citizen:
    """The citizen with this care reference in a municipality the user is an admin of: the
    lookup behind access requests and erasure. The reference itself is not written in the
    audit row (it may be all a stranger needs to name the person)."""
    citizens = selectors.citizens_administered_by(user).select_related("team")
    reference = " ".join(str(care_reference).split())
    found = citizens.filter(care_reference__iexact=reference).order_by("pk")[:2]
    if len(found) != 1 or not reference:
        raise NotFound
    citizen = found[0]
    _write(user, [citizen.pk], action=AuditEvent.Action.READ, view=view, detail="care reference")
    return citizen


def _matches_of(user) -> QuerySet[Match]:
    return Match.objects.filter(organisation__in=organisations_of(user))


def access_match(
    user,
    match_id,
    *,
    view: str,
    action: str = AuditEvent.Action.READ,
    detail: str = "",
    lock: bool = False,
) -> Match:
    """A match of an organisation the user coordinates, with what its page shows; or with
    `lock`, the row (and its citizen) under `select_for_update`, for a service that
    changes it inside its transaction."""
    if lock:
        matches = _matches_of(user).select_for_update().select_related("citizen")
    else:
        matches = (
            _matches_of(user)
            .select_related(
                "citizen", "activity__meeting_place", "organisation", "coordinator", "companion"
            )
            .prefetch_related("history__changed_by")
        )
    match = get_or_not_found(matches, match_id)
    _write(user, [match.citizen_id], action=action, view=view, detail=detail)
    return match


def access_self_referral(
    user,
    referral_id,
    *,
    view: str,
    action: str = AuditEvent.Action.READ,
    detail: str = "",
    lock: bool = False,
) -> SelfReferral:
    """A self-referral to an activity of an organisation the user coordinates."""
    referrals = SelfReferral.objects.filter(activity__organisation__in=organisations_of(user))
    if lock:
        referrals = referrals.select_for_update(of=("self",))
    referral = get_or_not_found(referrals.select_related("activity"), referral_id)
    _write(user, [referral.pk], action=action, view=view, detail=_joined(SELF_REFERRAL, detail))
    return referral


def record_shown(user, rows: Iterable[Row], *, view: str, detail: str = "") -> list[Row]:
    """The rows a list shows (citizens, or matches, screenings, status changes and
    self-referrals, each naming one), already scoped by a selector: each citizen's read
    is audited once (with `detail`: why, as an operator's support session's reason).
    Returns the rows as a list."""
    rows = list(rows)
    _write_rows(user, rows, action=AuditEvent.Action.READ, view=view, detail=detail)
    return rows


def record_change(user, rows: Iterable, *, action: str, view: str, detail: str = "") -> None:
    """A service created, changed, exported or erased these records (rows as in
    `record_shown`); for changes to a record the service fetched with an access function,
    pass `action` there instead."""
    _write_rows(user, list(rows), action=action, view=view, detail=detail)


def record_report_export(user, *, view: str, detail: str) -> None:
    """An export that names no citizen (an outcome report as CSV or XLSX): written as an
    export with no citizen, so the municipality's daily oversight sees every export."""
    _write(user, [None], action=AuditEvent.Action.EXPORT, view=view, detail=detail)


def record_subjects(user, subject_ids, *, action: str, view: str, detail: str) -> None:
    """For the access module of another app whose records hold personal data
    (`mentors.access`): one AuditEvent per subject id, `detail` naming the kind of record.
    That module fetches and checks; the rows are still written here and nowhere else."""
    _write(user, subject_ids, action=action, view=view, detail=detail)


def get_or_not_found(queryset: QuerySet[Row], pk) -> Row:
    """The row with this pk in an already scoped queryset, or NotFound (also for an id of
    the wrong form): the fetch every access function here and in other apps makes."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValidationError, ValueError, TypeError):
        # TypeError/ValueError/ValidationError: an id of the wrong form names no record.
        raise NotFound from None


AUDITED_MODELS = (Citizen, SelfReferral, Match, Screening, MatchStatusChange)


def is_audited(row) -> bool:
    """Whether showing this row shows a citizen's or a self-referral's personal fields."""
    return isinstance(row, AUDITED_MODELS)


def _subject(row) -> tuple[object, str]:
    """The audited id of a row, and the detail that says what kind of record it is."""
    if isinstance(row, Citizen):
        return row.pk, ""
    if isinstance(row, SelfReferral):
        return row.pk, SELF_REFERRAL
    if isinstance(row, MatchStatusChange):
        return row.match.citizen_id, ""
    return row.citizen_id, ""  # a match or a screening


def _write_rows(user, rows: list, *, action: str, view: str, detail: str = "") -> None:
    by_detail: dict[str, list] = {}
    for row in rows:
        subject, kind = _subject(row)
        by_detail.setdefault(_joined(kind, detail), []).append(subject)
    for joined, ids in by_detail.items():
        _write(user, ids, action=action, view=view, detail=joined)


def _joined(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _write(user, citizen_ids, *, action: str, view: str, detail: str = "") -> None:
    """One AuditEvent per citizen (each once, in a stable order)."""
    authenticated = user is not None and user.is_authenticated
    unique = sorted(set(citizen_ids), key=str)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user=user if authenticated else None,
            username=user.get_username() if authenticated else "",
            action=action,
            citizen_id=citizen_id,
            view=view,
            detail=detail[:200],
        )
        for citizen_id in unique
    )
