"""Reading one cell as what it means: a weekday, a time, a yes or no, an amount, a
coordinate. Each parser returns the value or raises ValueError with a message for people."""

import re
from datetime import time
from decimal import Decimal, InvalidOperation
from functools import cache

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from ..geocoding import fold
from ..models import Activity
from ..vocabulary import Category

# Danish and English names and their usual short forms; Monday is 0 as in the model.
_WEEKDAY_NAMES = (
    ("mandag", "man", "ma", "monday", "mon", "mo"),
    ("tirsdag", "tir", "ti", "tuesday", "tue", "tu"),
    ("onsdag", "ons", "on", "wednesday", "wed", "we"),
    ("torsdag", "tor", "to", "thursday", "thu", "th"),
    ("fredag", "fre", "fr", "friday", "fri"),
    ("lordag", "lor", "lo", "saturday", "sat", "sa"),
    ("sondag", "son", "so", "sunday", "sun", "su"),
)
_WEEKDAYS = {name: day for day, names in enumerate(_WEEKDAY_NAMES) for name in names}
_TIME = re.compile(r"^(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?$")
_YES = {"ja", "j", "yes", "y", "true", "sand", "1", "x"}
_NO = {"nej", "n", "no", "false", "falsk", "0", ""}


@cache
def _spellings(choices: type[models.Choices]) -> dict[str, str]:
    """A choice by its value and by its label in Danish and in English."""
    spellings = {}
    for language in ("da", "en"):
        with translation.override(language):
            spellings.update({fold(str(label)): value for value, label in choices.choices})
    spellings.update({fold(value): value for value in choices.values})
    return spellings


def weekday(text: str) -> int:
    key = fold(text).rstrip(".")
    if key in _WEEKDAYS:
        return _WEEKDAYS[key]
    if key.isdigit() and 1 <= int(key) <= 7:
        return int(key) - 1
    raise ValueError(
        _("Ukendt ugedag “%(value)s”: skriv fx mandag eller tirsdag.") % {"value": text}
    )


def time_of_day(text: str) -> time:
    match = _TIME.match(text.strip().lower())
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValueError(_("Ukendt klokkeslæt “%(value)s”: skriv fx 10:00.") % {"value": text})


def yes_no(text: str) -> bool:
    key = fold(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(_("Skriv ja eller nej, ikke “%(value)s”.") % {"value": text})


def amount(text: str) -> Decimal:
    cleaned = re.sub(r"(?i)\s*(kr\.?|dkk)\s*", "", text).replace(" ", "").replace(",", ".")
    if fold(text) in {"gratis", "free"} or cleaned == "":
        return Decimal(0)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = Decimal(-1)
    if value < 0 or value >= 100_000 or not value.is_finite():
        raise ValueError(
            _("Ukendt pris “%(value)s”: skriv et beløb i kroner, fx 20.") % {"value": text}
        )
    return value.quantize(Decimal("0.01"))


def count(text: str) -> int:
    if text.isdigit() and int(text) < 100_000:
        return int(text)
    raise ValueError(_("Skriv et helt antal, ikke “%(value)s”.") % {"value": text})


def coordinate(text: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise ValueError(
            _("Ukendt koordinat “%(value)s”: skriv fx 54,7694.") % {"value": text}
        ) from None


def postcode(text: str) -> str:
    # A spreadsheet drops the leading zero of 0800 Høje Taastrup.
    code = text.strip().zfill(4) if text.strip().isdigit() else text.strip()
    if not re.fullmatch(r"\d{4}", code):
        raise ValueError(_("Postnummeret “%(value)s” har ikke fire cifre.") % {"value": text})
    return code


def category(text: str) -> str:
    try:
        return _spellings(Category)[fold(text)]
    except KeyError:
        pass
    raise ValueError(
        _("Ukendt kategori “%(value)s”. Brug en af: %(choices)s.")
        % {"value": text, "choices": ", ".join(str(label) for _v, label in Category.choices)}
    )


def audience(text: str) -> str:
    try:
        return _spellings(Activity.Audience)[fold(text)]
    except KeyError:
        raise ValueError(
            _("Ukendt målgruppe “%(value)s”. Brug en af: %(choices)s.")
            % {
                "value": text,
                "choices": ", ".join(str(label) for _v, label in Activity.Audience.choices),
            }
        ) from None
