"""Live events for the coordinator inbox and home-care pages, sent over the channel layer.

Coordinators listen on their organisations' groups, staff on their teams' groups: an
event goes only to the group it is for.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

try:
    from redis.exceptions import RedisError
except ImportError:  # the embedded mode needs no Redis client
    RedisError = OSError

logger = logging.getLogger(__name__)

# A live event is a convenience: the change is committed and the inbox shows it on the next
# load. So a channel layer that cannot be reached (Redis down) is logged, not raised.
LAYER_UNAVAILABLE = (RedisError, OSError)


def organisation_group(organisation_id: int) -> str:
    return f"organisation.{organisation_id}"


def team_group(team_id: int) -> str:
    return f"team.{team_id}"


def user_group(user_id) -> str:
    """Every open socket of one user: where "your access has ended" goes."""
    return f"user.{user_id}"


def groups_for(user) -> list[str]:
    """The groups a signed-in user may listen to, from their memberships."""
    from meetingplaces.models import Membership

    groups = []
    for membership in Membership.objects.filter(user=user, user__is_active=True):
        if membership.role == Membership.Role.COORDINATOR:
            groups.append(organisation_group(membership.organisation_id))
        elif membership.role == Membership.Role.STAFF:
            groups.append(team_group(membership.team_id))
    return groups


def publish(group: str, event: str, payload: dict) -> None:
    """Send an event to a group once the current transaction has committed."""
    publish_many([(group, event, payload)])


def publish_many(events) -> None:
    """Send (group, event, payload) events once the current transaction has committed, in
    one trip to the channel layer: a batch run's hundreds of proposals cost one."""
    layer = get_channel_layer()
    messages = [
        (group, {"type": "inbox.event", "event": event, "payload": payload})
        for group, event, payload in events
    ]
    if not messages:
        return

    async def send_all():
        for group, message in messages:
            await layer.group_send(group, message)

    def send():
        try:
            async_to_sync(send_all)()
        except LAYER_UNAVAILABLE as error:
            group, message = messages[0]
            logger.warning(
                "Live event %s to %s not sent: %s (%d in this batch)",
                message["event"],
                group,
                error,
                len(messages),
            )

    transaction.on_commit(send)


def _match_events(match) -> list[tuple[str, str, dict]]:
    return [
        (
            organisation_group(match.organisation_id),
            "match.changed",
            {"match": str(match.pk), "status": match.status, "activity": match.activity_id},
        ),
        (
            team_group(match.citizen.team_id),
            "citizen.status",
            {"citizen": str(match.citizen_id), "match": str(match.pk), "status": match.status},
        ),
    ]


def match_changed(match) -> None:
    """Tell the organisation's coordinators that a match is new or changed, and the
    citizen's team that the citizen's status changed.

    Only ids and statuses travel: the pages fetch what they show through views that
    check access and write the audit trail.
    """
    publish_many(_match_events(match))


def matches_changed(matches) -> None:
    """`match_changed` for many matches (a batch run), sent together."""
    publish_many([event for match in matches for event in _match_events(match)])


def end_sockets_of(user_id) -> None:
    """Close every open socket of the user (code 4401) once the current transaction has
    committed: their access changed (signed out, deactivated, a role removed, a new
    password), and a socket must not go on receiving what the access allowed."""
    layer = get_channel_layer()

    def send():
        try:
            async_to_sync(layer.group_send)(user_group(user_id), {"type": "session.end"})
        except LAYER_UNAVAILABLE as error:
            logger.warning("Sockets of user %s not closed: %s", user_id, error)

    transaction.on_commit(send)


def self_referral_received(referral) -> None:
    """Tell the coordinators of the activity's organisation about a new self-referral."""
    publish(
        organisation_group(referral.activity.organisation_id),
        "referral.new",
        {"referral": str(referral.pk), "activity": referral.activity_id},
    )


def self_referral_removed(referral) -> None:
    """A self-referral was deleted (its sender's data erased): the inbox drops it."""
    publish(
        organisation_group(referral.activity.organisation_id),
        "referral.removed",
        {"referral": str(referral.pk), "activity": referral.activity_id},
    )
