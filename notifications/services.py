"""Who is told what when something happens. Each function is one call from the service
that changed the state, inside its transaction: the messages are written with the change
(so a crash cannot lose them) and delivered once it commits.

Contact details never travel between parties before a match is accepted: proposals tell
coordinators only an activity and a first name; the companion learns whom to meet only
after acceptance.
"""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from matching.models import Match
from meetingplaces import roles
from meetingplaces.models import Membership

from .compose import absolute, preference_of, queue
from .models import Message, Preference


def coordinators_of(match) -> list:
    """The coordinator who holds the match (or owns the activity), or else every
    coordinator of its organisation."""
    if match.coordinator_id and match.coordinator.is_active:
        return [match.coordinator]
    return list(roles.coordinators_of(match.organisation_id))


def staff_of(citizen) -> list:
    """The staff member who flagged the citizen, while they are still on the citizen's team."""
    user = citizen.flagged_by
    if user is None or not user.is_active:
        return []
    on_team = Membership.objects.filter(
        user=user, role=Membership.Role.STAFF, team_id=citizen.team_id
    ).exists()
    return [user] if on_team else []


def visit_context(match, *, day=None) -> dict:
    """What a person needs to get to the activity: when, where, with whom, whom to call."""
    activity = match.activity
    place = activity.meeting_place
    if day is None:
        dates = activity.next_dates(after=timezone.localdate(), count=1)
        day = dates[0] if dates else None
    return {
        "match": match,
        "activity": activity,
        "place": place,
        "day": day,
        "companion": match.companion,
        "citizen_name": match.citizen.first_name,
        "call_phone": activity.contact_phone or activity.organisation.phone or place.phone,
        "organisation": activity.organisation,
    }


def _citizen_url(citizen) -> str:
    return absolute(reverse("frontend:homecare-citizen", args=[citizen.pk]))


def _inbox_url() -> str:
    return absolute(reverse("frontend:inbox"))


def matches_proposed(matches) -> list[Message]:
    """New proposals: one message per coordinator who wants them at once (the others get
    them in their daily digest)."""
    by_coordinator = defaultdict(list)
    # Whom a proposal goes to depends only on its coordinator and organisation.
    found = {}
    for match in matches:
        key = (match.coordinator_id, match.organisation_id)
        if key not in found:
            found[key] = coordinators_of(match)
        for user in found[key]:
            by_coordinator[user].append(match)
    sent = []
    for user, theirs in by_coordinator.items():
        if preference_of(user).proposals == Preference.Proposals.DIGEST:
            continue
        message = queue(
            "proposals_new",
            to=user,
            context={"user": user, "matches": theirs, "inbox_url": _inbox_url()},
            organisation=theirs[0].organisation,
        )
        sent.append(message)
    return [m for m in sent if m]


def match_status_changed(match, *, from_status: str) -> None:
    """The one hook of the match lifecycle: whoever a status change concerns is told."""
    if match.status == Match.Status.ACCEPTED:
        match_accepted(match)
    elif match.status == Match.Status.DECLINED:
        match_declined(match)
    elif match.status == Match.Status.ENDED and from_status in Match.SEAT_HOLDING:
        companion_released(match)


def match_accepted(match) -> None:
    """Accepted: the citizen's staff member is told; the companion (if any) is assigned."""
    for user in staff_of(match.citizen):
        queue(
            "citizen_accepted",
            to=user,
            context={**visit_context(match), "citizen_url": _citizen_url(match.citizen)},
            match=match,
            organisation=match.organisation,
        )
    if match.companion_id:
        companion_assigned(match)


def match_declined(match) -> None:
    for user in staff_of(match.citizen):
        queue(
            "citizen_declined",
            to=user,
            context={"match": match, "citizen_url": _citizen_url(match.citizen)},
            match=match,
            organisation=match.organisation,
        )


def companion_assigned(match) -> None:
    queue(
        "companion_assigned",
        to=match.companion,
        context=visit_context(match),
        match=match,
        organisation=match.organisation,
    )


def companion_released(match) -> None:
    """The match ended (or the companion was replaced): the companion is free again."""
    if match.companion_id:
        queue(
            "companion_released",
            to=match.companion,
            context={"match": match, "activity": match.activity},
            match=match,
            organisation=match.organisation,
        )


def volunteer_approved(volunteer) -> None:
    queue(
        "volunteer_approved",
        to=volunteer,
        context={"volunteer": volunteer, "organisation": volunteer.organisation},
        organisation=volunteer.organisation,
        dedupe_key=f"volunteer_approved:{volunteer.pk}",
    )


def volunteer_declined(volunteer, *, reason: str = "") -> None:
    queue(
        "volunteer_declined",
        to=volunteer,
        context={"volunteer": volunteer, "organisation": volunteer.organisation, "reason": reason},
        organisation=volunteer.organisation,
        dedupe_key=f"volunteer_declined:{volunteer.pk}",
    )


def citizen_erased(citizen, *, texts: list[str]) -> None:
    """Anonymisation: the texts of messages to or about the citizen go too, and of messages
    about several citizens (a coordinator's proposals, a digest) that name them (`texts`:
    their name, reference, phone); the log keeps that a message of each kind was sent, and
    its state."""
    naming = Q()
    for text in texts:
        naming |= Q(subject__contains=text) | Q(body__contains=text)
    about = Q(citizen=citizen) | Q(match__citizen=citizen)
    if texts:
        about |= Q(created_at__gte=citizen.created_at) & naming
    Message.objects.filter(about).update(subject="", body="", html="", dedupe_key="")


# Mail backends that deliver nothing to the recipient: `make run` prints to the console.
UNDELIVERED_MAIL_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
)


def email_is_configured() -> bool:
    """Whether e-mail reaches people in this installation (not the console or nowhere)."""
    return settings.EMAIL_BACKEND not in UNDELIVERED_MAIL_BACKENDS


def invitation_url(token: str) -> str:
    return absolute(reverse("frontend:invitation", args=[token]))


def user_invited(user, *, token: str, municipality, by=None) -> Message | None:
    """A municipality admin (or the operator, `by` None) invited the user: the link by
    e-mail, when e-mail reaches anyone (the admin's page shows the link to copy too)."""
    if not email_is_configured():
        return None
    return queue(
        "user_invited",
        to=user,
        channel=Message.Channel.EMAIL,
        context={
            "municipality": municipality,
            "invited_by": (by.get_full_name() or by.get_username()) if by else "",
            "url": invitation_url(token),
            "username": user.get_username(),
            "days": settings.INVITATION_MAX_AGE_DAYS,
        },
    )
