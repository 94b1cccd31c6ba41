"""Turning an address, postcode or town into a point, offline by default.

`DanishPostcodeGeocoder` answers from the bundled GeoNames postcode list (CC BY 4.0) and
has geopy's geocoder interface, so settings.GEOCODER can name an online geopy geocoder
(such as Nominatim) instead without changing any caller.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from geopy.exc import GeopyError
from geopy.geocoders.base import Geocoder
from geopy.location import Location

POSTCODES_CSV = Path(__file__).parent / "data" / "dk_postcodes.csv"

_POSTCODE_AT_END = re.compile(r"(?:^|[\s,])(\d{4})(?:\s+([^\d,]+?))?\s*$")


class GeocodingError(ValueError):
    """The text could not be turned into a place; the message says why, for the user."""


@dataclass(frozen=True)
class Postcode:
    code: str
    town: str
    latitude: float
    longitude: float


def fold(text: str) -> str:
    """Lower-case text with Danish letters and accents folded to plain a-z.

    "Sakskøbing", "sakskobing" and "SAKSKØBING" fold alike; so do "Ærø"/"aero".
    """
    text = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = text.replace("aa", "a").replace("oe", "o")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


class PostcodeIndex:
    """The Danish postcodes, looked up by code and by folded town name."""

    def __init__(self, rows: list[Postcode]):
        self.by_code = {row.code: row for row in rows}
        by_town: dict[str, list[Postcode]] = {}
        for row in rows:
            by_town.setdefault(fold(row.town), []).append(row)
        self.by_town = by_town

    @classmethod
    def from_csv(cls, path: Path = POSTCODES_CSV) -> "PostcodeIndex":
        with path.open(encoding="utf-8", newline="") as f:
            rows = [
                Postcode(r["postcode"], r["town"], float(r["latitude"]), float(r["longitude"]))
                for r in csv.DictReader(f)
            ]
        return cls(rows)

    def town(self, name: str) -> Postcode | None:
        """A town by name; a town with several postcodes answers at their mean point."""
        rows = self.by_town.get(fold(name))
        if not rows:
            return None
        if len(rows) == 1:
            return rows[0]
        return Postcode(
            code=rows[0].code,
            town=rows[0].town,
            latitude=sum(r.latitude for r in rows) / len(rows),
            longitude=sum(r.longitude for r in rows) / len(rows),
        )

    def lookup(self, query: str) -> Postcode | None:
        text = " ".join(query.split())
        if not text:
            return None
        match = _POSTCODE_AT_END.search(text)
        if match:
            # "4990", "4990 Sakskøbing" or "Torvet 1, 4990 Sakskøbing": the postcode
            # decides; a town after it must fit it, or the line is contradictory.
            found = self.by_code.get(match.group(1))
            town = match.group(2)
            if found and (not town or fold(town) == fold(found.town)):
                return found
            if found is None and town:
                return self.town(town)
            return None
        # A town alone, or an address line ending in a town.
        candidates = [text, text.rsplit(",", 1)[-1]]
        for candidate in candidates:
            found = self.town(candidate)
            if found:
                return found
        return None


@cache
def postcode_index() -> PostcodeIndex:
    return PostcodeIndex.from_csv()


class DanishPostcodeGeocoder(Geocoder):
    """A geopy geocoder that needs no network: Danish postcodes and towns."""

    def __init__(self, index: PostcodeIndex | None = None, **kwargs):
        super().__init__(**kwargs)
        self._index = index

    @property
    def index(self) -> PostcodeIndex:
        return self._index or postcode_index()

    def geocode(self, query, *, exactly_one=True, timeout=None):
        found = self.index.lookup(str(query))
        if found is None:
            return None
        location = Location(
            f"{found.code} {found.town}, Danmark",
            (found.latitude, found.longitude),
            {"postcode": found.code, "town": found.town},
        )
        return location if exactly_one else [location]


@cache
def get_geocoder() -> Geocoder:
    """The geocoder that settings.GEOCODER names: "offline", "nominatim" or a dotted path."""
    name = settings.GEOCODER
    if name == "offline":
        return DanishPostcodeGeocoder()
    if name == "nominatim":
        from geopy.geocoders import Nominatim

        return Nominatim(user_agent=settings.GEOCODER_USER_AGENT, timeout=5)
    return import_string(name)(user_agent=settings.GEOCODER_USER_AGENT)


def geocode(text: str) -> Location:
    """The place a user typed, or a GeocodingError with a message for that user."""
    text = (text or "").strip()
    if not text:
        raise GeocodingError(_("Skriv en adresse, et postnummer eller en by."))
    if len(text) > 200:
        raise GeocodingError(_("Adressen er for lang."))
    try:
        location = get_geocoder().geocode(text, exactly_one=True)
    except GeopyError as error:
        raise GeocodingError(
            _("Adressesøgningen svarer ikke lige nu. Prøv igen, eller skriv et postnummer.")
        ) from error
    if location is None:
        raise GeocodingError(
            _("Vi kunne ikke finde “%(text)s”. Prøv med et postnummer, fx 4990, eller et bynavn.")
            % {"text": text}
        )
    return location
