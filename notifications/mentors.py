"""Who is told what about relatives' mentors: the volunteer when their offer is decided,
the mentor and the relative when they are paired, the relative when no mentor was found
and when asked whether it helped. Called by `mentors.services` inside their transactions.

SMS carry no health detail: neither the illness nor the relation is in any message.
"""

from django.db.models import Q
from django.urls import reverse

from .compose import absolute, queue
from .models import Message


def offer_approved(offer) -> None:
    volunteer = offer.volunteer
    queue(
        "mentor_offer_approved",
        to=volunteer,
        context={"volunteer": volunteer, "organisation": volunteer.organisation},
        organisation=volunteer.organisation,
        dedupe_key=f"mentor_offer_approved:{offer.pk}",
    )


def offer_declined(offer, *, reason: str = "") -> None:
    volunteer = offer.volunteer
    queue(
        "mentor_offer_declined",
        to=volunteer,
        context={"volunteer": volunteer, "organisation": volunteer.organisation, "reason": reason},
        organisation=volunteer.organisation,
    )


def mentor_paired(request) -> None:
    """The mentor learns the relative's first name and how to reach them; the relative the
    mentor's first name and that the mentor calls."""
    mentor = request.mentor.volunteer
    context = {
        "request": request,
        "mentor": mentor,
        "organisation": request.organisation,
        "relative_name": request.first_name,
    }
    queue(
        "mentor_assigned",
        to=mentor,
        context=context,
        organisation=request.organisation,
        dedupe_key=f"mentor_assigned:{request.pk}",
    )
    queue(
        "mentor_found",
        to=request,
        context=context,
        organisation=request.organisation,
        dedupe_key=f"mentor_found:{request.pk}",
    )


def request_declined(request) -> None:
    queue(
        "mentor_not_found",
        to=request,
        context={"request": request, "organisation": request.organisation},
        organisation=request.organisation,
        dedupe_key=f"mentor_not_found:{request.pk}",
    )


def follow_up_question(request, follow_up, *, token: str) -> Message | None:
    url = absolute(reverse("frontend:mentor-follow-up", args=[token]))
    return queue(
        "mentor_follow_up",
        to=request,
        context={
            "request": request,
            "organisation": request.organisation,
            "weeks": 4 if follow_up.kind == "week_4" else 12,
            "yes_url": f"{url}?svar=ja",
            "no_url": f"{url}?svar=nej",
        },
        organisation=request.organisation,
        dedupe_key=f"mentor_follow_up:{request.pk}:{follow_up.kind}",
    )


def request_erased(request) -> None:
    """Erasure: the texts of messages to or about the relative go; the log keeps that a
    message of each kind was sent, and its state."""
    # The mentor's message names the relative and their number too.
    Message.objects.filter(
        Q(mentor_request=request) | Q(dedupe_key=f"mentor_assigned:{request.pk}")
    ).update(subject="", body="", html="", dedupe_key="")


__all__ = [
    "follow_up_question",
    "mentor_paired",
    "offer_approved",
    "offer_declined",
    "request_declined",
    "request_erased",
]
