"""Retention, erasure and data-subject access for citizen records.

Anonymising keeps what the municipality's statistics need (screening scores, match
statuses and dates, mobility, interests, postcode area) and erases what points to a person.
The audit trail refers to citizens by id and so outlives the erasure.
"""

from __future__ import annotations

import calendar
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django_tasks import task

from meetingplaces.geocoding import postcode_index
from notifications import services as notify

from . import events, traces
from .access import record_change
from .models import AuditEvent, Citizen, Match, MatchStatusChange

ERASED_NOTE = "[anonymiseret]"


def _coarse_location(citizen: Citizen) -> tuple[float, float]:
    """The centre of the citizen's postcode, or their location to about a kilometre."""
    postcode = postcode_index().by_code.get(citizen.postcode)
    if postcode is not None:
        return round(postcode.latitude, 3), round(postcode.longitude, 3)
    return round(citizen.latitude, 2), round(citizen.longitude, 2)


def anonymise_citizen(
    *, citizen: Citizen, by, reason: str, view: str = "matching.privacy.anonymise_citizen"
) -> Citizen:
    """Erase the personal fields of one citizen record, keeping anonymous statistics, and
    every trace elsewhere that names the citizen (messages, the admin log, sessions, their
    self-referrals: `matching.traces`)."""
    with transaction.atomic():
        citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
        if citizen.anonymised_at is not None:
            return citizen
        texts = traces.personal_texts(citizen)
        traces.erase_traces(citizen, texts)
        citizen.latitude, citizen.longitude = _coarse_location(citizen)
        # The care reference must stay unique per municipality; the id is meaningless
        # outside Samvær.
        citizen.care_reference = f"ANON-{citizen.pk.hex[:20]}"
        citizen.first_name = ""
        citizen.phone = ""
        citizen.phone_holder = ""
        citizen.relative_name = ""
        citizen.phone_consent_at = None
        citizen.phone_recorded_by = None
        citizen.notes = ""
        citizen.gender = Citizen.Gender.UNSPECIFIED
        citizen.anonymised_at = timezone.now()
        citizen.save()
        # Free text written by coordinators may name the person; the statuses stay.
        Match.objects.filter(citizen=citizen).exclude(decline_reason="").update(
            decline_reason=ERASED_NOTE
        )
        MatchStatusChange.objects.filter(match__citizen=citizen).exclude(note="").update(
            note=ERASED_NOTE
        )
        notify.citizen_erased(citizen, texts=texts)
        record_change(by, [citizen], action=AuditEvent.Action.ERASE, view=view, detail=reason)
    return citizen


def withdraw_consent(
    *, citizen: Citizen, by, reason: str = "", view: str = "matching.privacy.withdraw_consent"
) -> Citizen:
    """The citizen no longer wants to take part: open matches end (and leave every inbox,
    live), a companion who was to go along is told, and the record is erased at once."""
    now = timezone.now()
    with transaction.atomic():
        citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
        open_matches = list(
            Match.objects.select_for_update(of=("self",))
            .select_related("citizen", "activity", "companion")
            .filter(citizen=citizen, status__in=Match.OPEN)
        )
        for match in open_matches:
            MatchStatusChange.objects.create(
                match=match,
                from_status=match.status,
                to_status=Match.Status.WITHDRAWN,
                changed_by=by if by is not None and by.is_authenticated else None,
            )
        Match.objects.filter(pk__in=[m.pk for m in open_matches]).update(
            status=Match.Status.WITHDRAWN, status_changed_at=now
        )
        Citizen.objects.filter(pk=citizen.pk).update(
            consent_withdrawn_at=now, status=Citizen.Status.ENDED, waiting_since=None
        )
        erased = anonymise_citizen(
            citizen=citizen, by=by, reason=reason or "samtykke trukket tilbage", view=view
        )
        for match in open_matches:
            # After the erasure, so that the message keeps its text (it names nobody).
            if match.companion_id and match.holds_seat:
                notify.companion_released(match)
            match.status = Match.Status.WITHDRAWN
        events.matches_changed(open_matches)
    return erased


def subtract_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (clamped to month end)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def citizens_due_for_anonymisation(*, now: datetime, months: int) -> QuerySet[Citizen]:
    """Citizens whose last match ended more than `months` months before `now`.

    A citizen with an open match, or still waiting for one, is never due.
    """
    cutoff = subtract_months(now, months)
    open_match = Match.objects.filter(citizen=OuterRef("pk"), status__in=Match.OPEN)
    ended_match = Match.objects.filter(citizen=OuterRef("pk"), status=Match.Status.ENDED)
    return (
        Citizen.objects.filter(anonymised_at__isnull=True)
        .annotate(
            last_change=Max("matches__status_changed_at"),
            has_open=Exists(open_match),
            has_ended=Exists(ended_match),
        )
        .filter(has_open=False)
        .filter(
            Q(has_ended=True, last_change__lt=cutoff)
            # Ended without any match (e.g. moved away): counted from the last change.
            | Q(status=Citizen.Status.ENDED, last_change__isnull=True, updated_at__lt=cutoff)
        )
    )


@task()
def anonymise_expired_citizens() -> int:
    """Anonymise every citizen past the retention period; returns how many."""
    months = settings.SAMVAER_RETENTION_MONTHS
    due = citizens_due_for_anonymisation(now=timezone.now(), months=months)
    count = 0
    for citizen in due.only("pk").iterator():
        anonymise_citizen(
            citizen=citizen, by=None, reason=f"opbevaringsperiode udløbet ({months} mdr.)"
        )
        count += 1
    return count


def erasures_since(moment: datetime) -> list[dict[str, str]]:
    """The erasures recorded in the audit log from `moment` on: what a restore from an
    older backup must apply again (`reapply_erasures`). Ids and times only."""
    events = AuditEvent.objects.filter(action=AuditEvent.Action.ERASE, at__gte=moment)
    return [
        {"citizen": str(citizen_id), "at": at.isoformat()}
        for citizen_id, at in events.order_by("at", "id").values_list("citizen_id", "at")
    ]


def reapply_erasures(erasures: list[dict[str, str]]) -> int:
    """After a restore: erase again every citizen erased since the backup was made.
    Returns how many were erased now (those already erased, or gone, are left)."""
    done = 0
    for erasure in erasures:
        citizen = Citizen.objects.filter(pk=erasure["citizen"], anonymised_at=None).first()
        if citizen is not None:
            anonymise_citizen(
                citizen=citizen,
                by=None,
                reason=f"sletning af {erasure['at']} gentaget efter gendannelse",
            )
            done += 1
    return done


def purge_expired_audit_events(*, now: datetime) -> int:
    """Delete the audit rows older than AUDIT_RETENTION_MONTHS; returns how many. The one
    deletion the audit log allows: on PostgreSQL its trigger lets it through only with
    the transaction-local `samvaer.audit_purge` setting this function sets."""
    cutoff = subtract_months(now, settings.AUDIT_RETENTION_MONTHS)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    column = connection.ops.quote_name(AuditEvent._meta.get_field("at").column)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('samvaer.audit_purge', 'on', true)")
        # The model and its queryset refuse deletion by design: this is plain SQL.
        cursor.execute(f"DELETE FROM {table} WHERE {column} < %s", [cutoff])
        return cursor.rowcount


def _fields(obj, names: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


CITIZEN_FIELDS = [
    "id",
    "care_reference",
    "first_name",
    "phone",
    "phone_holder",
    "relative_name",
    "phone_consent_at",
    "postcode",
    "latitude",
    "longitude",
    "gender",
    "mobility",
    "max_distance_km",
    "interests",
    "preferred_slots",
    "companion_needed",
    "language",
    "notes",
    "status",
    "waiting_since",
    "consent_given_at",
    "consent_method",
    "consent_withdrawn_at",
    "created_at",
    "updated_at",
    "anonymised_at",
]


def export_citizen(
    *,
    citizen: Citizen,
    by,
    view: str = "matching.privacy.export_citizen",
    why: str = "",
) -> dict[str, Any]:
    """Everything Samvær holds about one citizen (data subject access), as JSON-ready data.

    The export itself is audited, with `why` (an operator's support session) if given.
    """
    citizen = (
        Citizen.objects.select_related("municipality", "team", "consent_recorded_by")
        .prefetch_related("screenings", "matches__activity", "matches__history")
        .get(pk=citizen.pk)
    )
    data = _fields(citizen, CITIZEN_FIELDS)
    data["municipality"] = citizen.municipality.name
    data["team"] = citizen.team.name
    data["consent_recorded_by"] = (
        citizen.consent_recorded_by.get_username() if citizen.consent_recorded_by else None
    )
    data["screenings"] = [
        {
            **_fields(
                s,
                ["kind", "taken_on", "lacks_companionship", "feels_left_out", "feels_isolated"],
            ),
            "total": s.total,
        }
        for s in citizen.screenings.all()
    ]
    data["matches"] = [
        {
            "activity": match.activity.title,
            **_fields(match, ["status", "score", "reasons", "decline_reason", "created_at"]),
            "history": [
                _fields(step, ["from_status", "to_status", "changed_at", "happened_on", "note"])
                for step in match.history.all()
            ],
        }
        for match in citizen.matches.all()
    ]
    # Who has read or changed the record: the recipients the citizen has a right to know.
    data["access_log"] = list(
        AuditEvent.objects.filter(citizen_id=citizen.pk)
        .order_by("at", "id")
        .values("at", "action", "view")
    )
    record_change(
        by,
        [citizen],
        action=AuditEvent.Action.EXPORT,
        view=view,
        detail="; ".join(filter(None, ["citizen file (JSON)", why])),
    )
    return data
