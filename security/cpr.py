"""Refusing CPR numbers: Samvær must never store one, in any field.

One check for every free text (model fields, forms, serializers, imports). The text is
first normalised the way a reader sees it: Unicode digits (Arabic-Indic, fullwidth …) as
0-9, every kind of dash as "-", invisible characters (zero-width space and joiner, soft
hyphen …) removed, non-breaking spaces as spaces. Then any run of digits written as a CPR
number is written (DDMMYY-NNNN; all ten together, 6 + 4, or in pairs, with spaces, dots,
dashes or slashes between the groups) whose first six digits can be a birth date is
refused. Phone numbers (8 digits, or +45 and 8 digits), postcodes and dates are not CPR-
shaped and pass.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Dashes that are not in Unicode's dash category (Pd) but are read as one.
_DASH_LIKE = {"\u2212", "\u2043", "\u2796"}  # minus sign, hyphen bullet, heavy minus
# Digits in groups, each group separated by spaces and at most one dot, dash or slash.
_DIGIT_RUN = re.compile(r"[0-9]+(?:(?:\s*[-./]\s*|\s+)[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
# Where the groups of a CPR number may break (digits counted from its start): nowhere, or
# after the birth date, with the date and the serial each also split into pairs or not.
_BREAKS = frozenset({2, 4, 6, 8})


def _normalised(text: str) -> str:
    characters = []
    for character in unicodedata.normalize("NFKC", str(text)):
        category = unicodedata.category(character)
        if category == "Cf":  # zero-width space and joiner, soft hyphen, word joiner …
            continue
        digit = unicodedata.decimal(character, None)
        if digit is not None:
            characters.append(str(digit))
        elif category == "Pd" or character in _DASH_LIKE:
            characters.append("-")
        elif category == "Zs":
            characters.append(" ")
        else:
            characters.append(character)
    return "".join(characters)


def _birth_date_shaped(digits: str) -> bool:
    # Day 01-31 (61-91 in replacement numbers, which add 60 to the day), month 01-12.
    day, month = int(digits[:2]), int(digits[2:4])
    return (1 <= day <= 31 or 61 <= day <= 91) and 1 <= month <= 12


def _cpr_in_groups(groups: list[str]) -> bool:
    """Whether some consecutive groups of a digit run make a CPR number as it is written."""
    for start in range(len(groups)):
        digits, breaks = "", set()
        for group in groups[start:]:
            if digits:
                breaks.add(len(digits))
            digits += group
            if len(digits) >= 10:
                break
        written_as_cpr = breaks <= _BREAKS and (not breaks or 6 in breaks)
        if len(digits) == 10 and written_as_cpr and _birth_date_shaped(digits):
            return True
    return False


def contains_cpr_number(text) -> bool:
    if not text:
        return False
    for run in _DIGIT_RUN.finditer(_normalised(text)):
        if _cpr_in_groups(_GROUP.findall(run.group())):
            return True
    return False


def refuse_cpr_number(text) -> None:
    """The validator for every free-text field (models, forms, serializers)."""
    if contains_cpr_number(text):
        raise ValidationError(
            _(
                "Feltet ligner et CPR-nummer. Samvær må ikke gemme CPR-numre – "
                "brug omsorgssystemets reference i stedet."
            ),
            code="cpr_number",
        )
