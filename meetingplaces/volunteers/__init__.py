"""Volunteers of the organisations: `selectors` read, `services` write. Who may go along
with a citizen is matching's rule (`matching.selectors.companions`)."""

from .selectors import volunteers_of
from .services import (
    EDITABLE_FIELDS,
    SIGN_UP_CONSENT_TEXT,
    SIGN_UP_FIELDS,
    SIGN_UPS_PER_HOUR,
    SignUpRefused,
    approve_volunteer,
    decline_volunteer,
    delete_declined_volunteers,
    save_volunteer,
    sign_up,
)

__all__ = [
    "EDITABLE_FIELDS",
    "SIGN_UPS_PER_HOUR",
    "SIGN_UP_CONSENT_TEXT",
    "SIGN_UP_FIELDS",
    "SignUpRefused",
    "approve_volunteer",
    "decline_volunteer",
    "delete_declined_volunteers",
    "save_volunteer",
    "sign_up",
    "volunteers_of",
]
