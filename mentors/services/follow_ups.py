"""The question after 4 and 12 weeks of a mentorship: "did it help?", asked by e-mail or
SMS with a signed link, answered yes or no on a public page without signing in."""

from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications import mentors as notify

from ..models import FollowUp, MentorRequest

ASK_AFTER = {FollowUp.Kind.WEEK_4: timedelta(weeks=4), FollowUp.Kind.WEEK_12: timedelta(weeks=12)}
TOKEN_SALT = "mentors.follow-up"
# An answer may come until the next question has long been asked.
TOKEN_MAX_AGE = timedelta(weeks=16)


def token_for(follow_up: FollowUp) -> str:
    return signing.dumps(follow_up.pk, salt=TOKEN_SALT)


def follow_up_for_token(token: str) -> FollowUp | None:
    try:
        pk = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        FollowUp.objects.filter(pk=pk, request__anonymised_at=None)
        .select_related("request__organisation")
        .first()
    )


def ask_due(*, now: datetime) -> int:
    """Ask every relative whose mentorship began 4 (or 12) weeks ago and who has not been
    asked that yet; a second run asks nobody twice. Returns how many were asked."""
    asked = 0
    for kind, after in ASK_AFTER.items():
        due = (
            MentorRequest.objects.filter(
                status__in=[MentorRequest.Status.ACCEPTED, MentorRequest.Status.ENDED],
                anonymised_at=None,
                accepted_at__lte=now - after,
            )
            .exclude(follow_ups__kind=kind)
            .select_related("organisation")
        )
        for request in due:
            try:
                with transaction.atomic():
                    follow_up = FollowUp.objects.create(request=request, kind=kind)
                    notify.follow_up_question(request, follow_up, token=token_for(follow_up))
            except IntegrityError:
                continue  # another run asked meanwhile
            asked += 1
    return asked


def answer(*, follow_up: FollowUp, helped: bool) -> FollowUp:
    """The relative's answer; a later answer replaces an earlier one."""
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        follow_up.helped = helped
        follow_up.answered_at = timezone.now()
        follow_up.save(update_fields=["helped", "answered_at"])
    return follow_up
