"""Writing mentors and requests: each service validates, decides, writes in a transaction
(with a row lock where two people can race), tells whom it concerns and audits."""

from .lifecycle import (
    MentorError,
    NoPlaceLeft,
    StepNotAllowed,
    accept_request,
    decline_request,
    end_mentorship,
    hand_over_request,
)
from .offers import approve_offer, decline_offer, offer_as_volunteer, save_offer
from .privacy import anonymise_expired_requests, anonymise_request
from .requests import CONSENT_TEXT, RateLimited, create_request, note_attempt

__all__ = [
    "CONSENT_TEXT",
    "MentorError",
    "NoPlaceLeft",
    "RateLimited",
    "StepNotAllowed",
    "accept_request",
    "anonymise_expired_requests",
    "anonymise_request",
    "approve_offer",
    "create_request",
    "decline_offer",
    "decline_request",
    "end_mentorship",
    "hand_over_request",
    "note_attempt",
    "offer_as_volunteer",
    "save_offer",
]
