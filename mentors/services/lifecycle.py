"""What a coordinator does with a request: accept it with a mentor, decline it with a
reason, hand it over to a colleague, end the mentorship.

The same race-safe rules as matches (`matching.lifecycle`): the request's row is locked
first (two coordinators accepting one request: the second waits, then finds it taken),
then the mentor's (two requests taking a mentor's last place: the second waits, then
counts the first). On SQLite every transaction begins IMMEDIATE, which serialises
writers the same way.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from matching import events
from matching.models import AuditEvent
from meetingplaces.roles import coordinators_of
from notifications import mentors as notify

from ..access import access_mentor_request
from ..models import MentorOffer, MentorRequest
from ..selectors import mentor_misfit


class MentorError(DomainError):
    code = "mentor_error"


class StepNotAllowed(MentorError):
    """The request is not in the state the step comes after (often: someone was quicker)."""

    status_code = 409
    code = "step_not_allowed"


class NoPlaceLeft(MentorError):
    """The mentor's last place was taken meanwhile."""

    status_code = 409
    code = "no_place_left"


MENTOR_REFUSALS = {
    "organisation": gettext_lazy("Mentoren findes ikke blandt organisationens mentorer."),
    "way": gettext_lazy("%(name)s kan ikke mødes på en måde, den pårørende ønsker."),
    "distance": gettext_lazy("%(name)s bor for langt væk til at mødes ansigt til ansigt."),
}


def _locked(request_id, *, by, service: str, detail: str = "") -> MentorRequest:
    return access_mentor_request(
        by,
        request_id,
        view=f"mentors.{service}",
        action=AuditEvent.Action.UPDATE,
        detail=detail,
        lock=True,
    )


def _changed(request: MentorRequest, status: str) -> None:
    request.status = status
    request.status_changed_at = timezone.now()
    events.publish(
        events.organisation_group(request.organisation_id),
        "referral.mentor",
        {"mentor_request": str(request.pk), "status": status},
    )


def accept_request(*, request_id, by, mentor_id) -> MentorRequest:
    """Pair the relative with a mentor the engine would suggest; both are told."""
    with transaction.atomic():
        request = _locked(request_id, by=by, service="accept_request")
        if not request.can_accept:
            raise StepNotAllowed(
                _("Anmodningen er allerede behandlet (%(status)s).")
                % {"status": request.get_status_display()}
            )
        # The mentor's row: every place check for this mentor queues on it.
        list(MentorOffer.objects.select_for_update().filter(pk=mentor_id).values("pk"))
        offer, misfit = mentor_misfit(request, mentor_id)
        if misfit == "places":
            raise NoPlaceLeft(
                _("%(name)s har ikke plads til flere pårørende lige nu.") % {"name": offer}
            )
        if misfit is not None:
            raise ValidationError({"mentor": MENTOR_REFUSALS[misfit] % {"name": offer or ""}})
        request.mentor = offer
        request.coordinator = by
        request.accepted_at = timezone.now()
        _changed(request, MentorRequest.Status.ACCEPTED)
        request.save()
        notify.mentor_paired(request)
    return request


def decline_request(*, request_id, by, category: str) -> MentorRequest:
    """Decline with a reason category; the relative is told that no mentor could be found
    this time (the category stays with the organisation)."""
    if category not in MentorRequest.DeclineCategory.values:
        raise ValidationError({"category": _("Vælg en årsag til afvisningen.")})
    with transaction.atomic():
        request = _locked(request_id, by=by, service="decline_request")
        if not request.can_decline:
            raise StepNotAllowed(_("Kun nye anmodninger kan afvises."))
        request.decline_category = category
        request.coordinator = by
        _changed(request, MentorRequest.Status.DECLINED)
        request.save()
        notify.request_declined(request)
    return request


def hand_over_request(*, request_id, by, to_id) -> MentorRequest:
    """Give the request to another coordinator of the same organisation."""
    with transaction.atomic():
        request = _locked(request_id, by=by, service="hand_over_request")
        to = coordinators_of(request.organisation_id).filter(pk=to_id).first()
        if to is None:
            raise ValidationError(
                {
                    "coordinator": _(
                        "Anmodningen kan kun gives videre til en koordinator i organisationen."
                    )
                }
            )
        if not request.can_hand_over:
            raise StepNotAllowed(_("En afsluttet anmodning kan ikke gives videre."))
        request.coordinator = to
        request.save(update_fields=["coordinator"])
        events.publish(
            events.organisation_group(request.organisation_id),
            "referral.mentor",
            {"mentor_request": str(request.pk), "status": request.status},
        )
    return request


def end_mentorship(*, request_id, by) -> MentorRequest:
    """The mentorship is over: the mentor's place is free; retention counts from here."""
    with transaction.atomic():
        request = _locked(request_id, by=by, service="end_mentorship")
        if not request.can_end:
            raise StepNotAllowed(_("Kun et forløb med en mentor kan afsluttes."))
        _changed(request, MentorRequest.Status.ENDED)
        request.save()
    return request
