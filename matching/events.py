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
    layer = get_channel_layer()

    def send():
        try:
            async_to_sync(layer.group_send)(
                group, {"type": "inbox.event", "event": event, "payload": payload}
            )
        except LAYER_UNAVAILABLE as error:
            logger.warning("Live event %s to %s not sent: %s", event, group, error)

    transaction.on_commit(send)
