"""The shape of a phone number we can call (a CPR number written in pairs is not one)."""

import re

from security.cpr import contains_cpr_number

# Eight digits as Danes write them ("12 34 56 78"), or an international number with "+".
_PHONE = re.compile(r"^\+?[\d ]{8,15}$")


def normalise_phone(text: str) -> str:
    """The number with its spaces evened out, as it is stored."""
    return " ".join(str(text).split())


def is_phone_number(text: str) -> bool:
    return _PHONE.match(text) is not None and not contains_cpr_number(text)
