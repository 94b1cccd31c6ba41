"""What every geocoder of Samvær shares: the errors it raises, how precise an answer is,
and how Danish place names are compared."""

import re
import unicodedata
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Precision(StrEnum):
    """How closely a found point stands for what the user typed."""

    ADDRESS = "address"
    POSTCODE = "postcode"
    TOWN = "town"
    COORDINATES = "coordinates"

    @property
    def label(self) -> str:
        return str(PRECISION_LABELS[self])


PRECISION_LABELS = {
    Precision.ADDRESS: gettext_lazy("adressen"),
    Precision.POSTCODE: gettext_lazy("postnummerets midte"),
    Precision.TOWN: gettext_lazy("byens midte"),
    Precision.COORDINATES: gettext_lazy("de angivne koordinater"),
}


class GeocodingError(ValueError):
    """The text could not be turned into a place; the message says why, for the user."""


class AmbiguousPlace(GeocodingError):
    """The name belongs to several places; `choices` are texts that each find one of them."""

    def __init__(self, text: str, choices: list[str]):
        self.text = text
        self.choices = choices
        super().__init__(
            _("Der er flere steder, der hedder “%(text)s”. Vælg et af dem: %(choices)s.")
            % {"text": text, "choices": "; ".join(choices)}
        )


def fold(text: str) -> str:
    """Lower-case text with Danish letters and accents folded to plain a-z.

    "Sakskøbing", "sakskobing" and "SAKSKØBING" fold alike; so do "Ærø"/"aero" and
    "Aabenraa"/"Åbenrå" (GeoNames often writes Å where the official name has Aa).
    """
    text = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = text.replace("aa", "a").replace("oe", "o")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


# ", Danmark" at the end and "DK-" before a postcode say nothing more about the place.
_COUNTRY_SUFFIX = re.compile(r"[\s,]+(?:danmark|denmark|dk)\.?$", re.IGNORECASE)
_COUNTRY_PREFIX = re.compile(r"\bDK\s*-?\s*(?=\d{4}\b)", re.IGNORECASE)


def tidy(text: str) -> str:
    """The text with its white space folded and the country's name and prefix removed."""
    text = " ".join(str(text or "").split())
    text = _COUNTRY_SUFFIX.sub("", text)
    return _COUNTRY_PREFIX.sub("", text).strip(" ,")
