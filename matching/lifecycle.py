"""What a coordinator does with a match: accept, decline, hand over, and record each step
until the citizen takes part or it ends. Each service changes the status, writes the
history row and the citizen's status in one transaction, then tells the live pages.

Seats are checked under a row lock on the activity (`select_for_update`), so two
coordinators accepting the last seat at once cannot both win: the second waits for the
first to commit and then sees the seat taken. On SQLite the settings open every
transaction with BEGIN IMMEDIATE, which serialises writers the same way.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from meetingplaces.models import Activity, Volunteer
from meetingplaces.roles import coordinators_of
from notifications import services as notify

from . import events
from .access import access_match
from .models import AuditEvent, Citizen, Match, MatchStatusChange
from .selectors import companion_misfit_for


class MatchError(DomainError):
    """A step that cannot be taken; the message is for the coordinator, translated."""

    code = "match_error"


class NoSeatLeft(MatchError):
    """Someone else took the last seat: the request was right, the world changed."""

    status_code = 409
    code = "no_seat_left"


class StepNotAllowed(MatchError):
    """The match is not in the state the step comes after (often: someone was quicker)."""

    status_code = 409
    code = "step_not_allowed"


# The citizen's status after each step recorded on a match (their order: Match.NEXT_STEPS).
CITIZEN_STATUS_AFTER = {
    Match.Status.CONTACTED: Citizen.Status.ACCEPTED,
    Match.Status.FIRST_VISIT: Citizen.Status.FIRST_VISIT,
    Match.Status.PARTICIPATING: Citizen.Status.PARTICIPATING,
    Match.Status.ENDED: Citizen.Status.ENDED,
}
STEP_LABELS = {
    Match.Status.CONTACTED: gettext_lazy("Borgeren er kontaktet"),
    Match.Status.FIRST_VISIT: gettext_lazy("Første besøg"),
    Match.Status.PARTICIPATING: gettext_lazy("Deltager fast"),
    Match.Status.ENDED: gettext_lazy("Afsluttet"),
}


def seats_taken(activity_id: int) -> int:
    return Match.objects.holding_seats().filter(activity_id=activity_id).count()


def free_seats(activity: Activity) -> int | None:
    """Seats still free at the activity: None when it has no limit."""
    if activity.capacity is None:
        return None
    return max(0, activity.capacity - activity.participants - seats_taken(activity.pk))


def _locked(match_id, *, by, service: str, detail: str = "") -> Match:
    """The match under a row lock for a coordinator of its organisation (anyone else:
    NotFound, as for a match that does not exist), its change audited."""
    return access_match(
        by,
        match_id,
        view=f"lifecycle.{service}",
        action=AuditEvent.Action.UPDATE,
        detail=detail,
        lock=True,
    )


def _record(
    match: Match,
    *,
    to_status: str,
    by,
    happened_on: date | None = None,
    note: str = "",
    citizen_status: str | None = None,
) -> Match:
    from_status = match.status
    match.status = to_status
    match.status_changed_at = timezone.now()
    match.save()
    MatchStatusChange.objects.create(
        match=match,
        from_status=from_status,
        to_status=to_status,
        happened_on=happened_on,
        changed_by=by,
        note=note[:300],
    )
    if citizen_status is not None:
        citizen = match.citizen
        citizen.status = citizen_status
        if citizen_status == Citizen.Status.WAITING and citizen.waiting_since is None:
            citizen.waiting_since = timezone.now()
        citizen.save(update_fields=["status", "waiting_since", "updated_at"])
    events.match_changed(match)
    notify.match_status_changed(match, from_status=from_status)
    return match


def accept_match(*, match_id, by, companion_id: int | None = None) -> Match:
    """Accept a proposal: takes a seat at the activity, with an optional companion (who
    must be one the coordinator is offered: `selectors.companions_for`)."""
    with transaction.atomic():
        # The activity's row is the lock every seat check of this activity queues on: taken
        # before the match's (a match that does not exist is refused by `_locked`).
        activity_id = Match.objects.filter(pk=match_id).values_list("activity_id", flat=True)
        activity = Activity.objects.select_for_update().filter(pk__in=activity_id).first()
        match = _locked(match_id, by=by, service="accept_match")
        if match.status != Match.Status.PROPOSED:
            raise StepNotAllowed(
                _("Forslaget er allerede behandlet (%(status)s).")
                % {"status": match.get_status_display()}
            )
        seats = free_seats(activity)
        if seats is not None and seats <= 0:
            raise NoSeatLeft(
                _("Der er ikke flere ledige pladser på %(activity)s. Forslaget er ikke accepteret.")
                % {"activity": activity.title}
            )
        if companion_id is not None:
            # Locked: two coordinators choosing the same companion's last place queue here.
            list(Volunteer.objects.select_for_update().filter(pk=companion_id).values("pk"))
            _check_companion(companion_id, match)
        match.coordinator = by
        match.companion_id = companion_id
        return _record(
            match,
            to_status=Match.Status.ACCEPTED,
            by=by,
            happened_on=timezone.localdate(),
            citizen_status=Citizen.Status.ACCEPTED,
        )


# What the coordinator is told for each companion rule broken (engine.companion_misfit).
COMPANION_REFUSALS = {
    "organisation": gettext_lazy("Følgevennen findes ikke i organisationen."),
    "approval": gettext_lazy("%(name)s er ikke godkendt som følgeven."),
    "distance": gettext_lazy("%(name)s bor for langt fra borgeren til at gå med."),
    "time": gettext_lazy("%(name)s er ikke ledig på aktivitetens tidspunkter."),
    "places": gettext_lazy("%(name)s har ikke plads til flere borgere lige nu."),
}


def _check_companion(volunteer_id, match: Match) -> None:
    """Refuse a companion the coordinator would not have been offered (companions_for)."""
    volunteer, misfit = companion_misfit_for(match=match, volunteer_id=volunteer_id)
    if misfit is not None:
        message = COMPANION_REFUSALS[misfit] % {"name": volunteer}
        raise ValidationError({"companion": message})


def decline_match(*, match_id, by, reason: str) -> Match | None:
    """Decline a proposal with a reason; the citizen's next best proposal follows.

    Returns the next proposal, or None when there is no other suitable activity.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv en årsag til afvisningen.")})
    with transaction.atomic():
        match = _locked(match_id, by=by, service="decline_match")
        if match.status != Match.Status.PROPOSED:
            raise StepNotAllowed(_("Kun forslag kan afvises."))
        match.decline_reason = reason[:300]
        _record(
            match,
            to_status=Match.Status.DECLINED,
            by=by,
            happened_on=timezone.localdate(),
            note=reason,
            citizen_status=Citizen.Status.WAITING,
        )
        return propose_next(citizen=match.citizen)


def propose_next(*, citizen: Citizen) -> Match | None:
    """Propose the citizen's best activity under the same rules and limits as the batch run
    (declined pairs never come back); None when nothing suitable is free."""
    from . import batch  # batch builds on the engine, which imports the models

    if Match.objects.open().filter(citizen=citizen).exists():
        return None
    matches = batch.write_proposals(batch.plan(citizens=[citizen]))
    return matches[0] if matches else None


def hand_over(*, match_id, by, to_id) -> Match:
    """Give the match to another coordinator of the same organisation."""
    with transaction.atomic():
        match = _locked(match_id, by=by, service="hand_over")
        to = coordinators_of(match.organisation_id).filter(pk=to_id).first()
        if to is None:
            raise ValidationError(
                {
                    "coordinator": _(
                        "Matchet kan kun gives videre til en koordinator i organisationen."
                    )
                }
            )
        if not match.can_hand_over:
            raise StepNotAllowed(_("Et afsluttet match kan ikke gives videre."))
        match.coordinator = to
        match.save(update_fields=["coordinator"])
        MatchStatusChange.objects.create(
            match=match,
            from_status=match.status,
            to_status=match.status,
            changed_by=by,
            note=_("Givet videre til %(name)s") % {"name": to.get_full_name() or to.username},
        )
        events.match_changed(match)
        return match


def record_step(*, match_id, by, step: str, on: date | None = None, note: str = "") -> Match:
    """Record contact, first visit or taking part (in that order), or the end, with its date."""
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("Datoen må ikke ligge i fremtiden.")})
    if step not in CITIZEN_STATUS_AFTER:
        raise StepNotAllowed(_("Ukendt trin."))
    with transaction.atomic():
        match = _locked(match_id, by=by, service="record_step", detail=step)
        if not match.can_record(step):
            if step == Match.Status.ENDED:
                raise StepNotAllowed(_("Kun et accepteret match kan afsluttes."))
            raise StepNotAllowed(
                _("“%(step)s” kan ikke registreres, når matchet har status %(status)s.")
                % {"step": STEP_LABELS[step], "status": match.get_status_display()}
            )
        last = match.history.exclude(happened_on=None).order_by("-changed_at", "-id").first()
        if last is not None and on < last.happened_on:
            raise ValidationError(
                {
                    "on": _("Datoen må ikke ligge før forrige trin (%(date)s).")
                    % {"date": last.happened_on.strftime("%d.%m.%Y")}
                }
            )
        return _record(
            match,
            to_status=step,
            by=by,
            happened_on=on,
            note=note,
            citizen_status=CITIZEN_STATUS_AFTER[step],
        )
