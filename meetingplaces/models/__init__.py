"""Municipalities, their teams and organisations, the people's roles in them, and the
open meeting places with their activities and volunteers."""

from .activities import Activity, ActivityException
from .imports import ImportUpload
from .organisations import Membership, Municipality, Organisation, Team
from .places import MeetingPlace, latitude_longitude_constraints
from .volunteers import Volunteer

__all__ = [
    "Activity",
    "ActivityException",
    "ImportUpload",
    "MeetingPlace",
    "Membership",
    "Municipality",
    "Organisation",
    "Team",
    "Volunteer",
    "latitude_longitude_constraints",
]
