"""Reading messages: the delivery log of a coordinator's organisations, and the printed
invitation's facts."""

import math

from django.db.models import QuerySet

from meetingplaces.roles import organisations_of

from .models import Message


def messages_of_organisations(user, *, state: str = "") -> QuerySet[Message]:
    """Messages sent on behalf of the coordinator's organisations, newest first."""
    messages = Message.objects.filter(organisation__in=organisations_of(user)).select_related(
        "user", "volunteer", "organisation"
    )
    if state:
        messages = messages.filter(state=state)
    return messages


def failures_of_organisations(user) -> QuerySet[Message]:
    return messages_of_organisations(user).filter(
        state__in=[Message.State.FAILED, Message.State.RETRYING]
    )


def recipient_label(message: Message) -> str:
    """Who a message went to, as the log shows it: never a citizen's name or number."""
    if message.user_id:
        return message.user.get_full_name() or message.user.get_username()
    if message.volunteer_id:
        return str(message.volunteer)
    if message.mentor_request_id:
        return "pårørende"
    return "borger"


# The printed map: a box in points, the place in the middle.
MAP_WIDTH, MAP_HEIGHT = 320, 200
KM_PER_DEGREE = 111.32


def invitation_map(place, home: tuple[float, float] | None) -> dict:
    """Positions for a small static map (an inline SVG, no tiles): the meeting place in the
    middle, the citizen's approximate home if known, a scale bar and north."""
    half_width_km = 1.0
    dx_km = dy_km = 0.0
    if home is not None:
        dx_km = (home[1] - place.longitude) * KM_PER_DEGREE * math.cos(math.radians(place.latitude))
        dy_km = (home[0] - place.latitude) * KM_PER_DEGREE
        half_width_km = max(1.0, abs(dx_km) * 1.25, abs(dy_km) * 1.25 * MAP_WIDTH / MAP_HEIGHT)
    scale = (MAP_WIDTH / 2) / half_width_km  # points per km
    centre_x, centre_y = MAP_WIDTH / 2, MAP_HEIGHT / 2
    bar_km = next(km for km in (0.5, 1, 2, 5, 10, 20, 50) if km * scale >= 50)
    return {
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "place": (round(centre_x), round(centre_y)),
        "home": (round(centre_x + dx_km * scale), round(centre_y - dy_km * scale))
        if home is not None
        else None,
        "bar_km": bar_km,
        "bar_length": round(bar_km * scale),
        "distance_km": round(math.hypot(dx_km, dy_km), 1) if home is not None else None,
    }
