"""Refusing personal identifiers we must never hold (numbers shaped like a CPR number), and
the shape of a phone number we can call."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# DDMMYY-NNNN (with or without the dash, or a space) or any 10 digits in a row, also when
# written with spaces or dots between groups as people do ("010150 1234", "0101501234").
_CPR_SHAPED = re.compile(r"(?<!\d)\d{6}[\s.\-/]?\d{4}(?!\d)")


def contains_cpr_number(text: str) -> bool:
    return bool(text) and _CPR_SHAPED.search(str(text)) is not None


def refuse_cpr_number(text: str) -> None:
    """A validator for every free-text field that holds anything about a citizen."""
    if contains_cpr_number(text):
        raise ValidationError(
            _(
                "Feltet ligner et CPR-nummer. Samvær må ikke gemme CPR-numre – "
                "brug omsorgssystemets reference i stedet."
            ),
            code="cpr_number",
        )


# Eight digits as Danes write them ("12 34 56 78"), or an international number with "+".
_PHONE = re.compile(r"^\+?[\d ]{8,15}$")


def normalise_phone(text: str) -> str:
    """The number with its spaces evened out, as it is stored."""
    return " ".join(str(text).split())


def is_phone_number(text: str) -> bool:
    return _PHONE.match(text) is not None
