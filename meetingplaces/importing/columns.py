"""The columns an import understands and the Danish and English headers that name them."""

import re

from ..geocoding import fold

# field → the headers people write for it. Headers are compared folded (case, accents,
# Danish letters, spaces, dashes and underscores do not matter).
ALIASES: dict[str, tuple[str, ...]] = {
    "kind": ("type", "kind", "rækketype", "row type"),
    "external_id": ("id", "external_id", "eksternt id", "ekstern id", "reference"),
    "place_external_id": ("sted id", "mødested id", "place id", "location id"),
    "name": ("navn", "name", "mødested", "sted", "stednavn", "place", "place name"),
    "street": ("adresse", "address", "street_address", "street", "vejnavn", "gade"),
    "postcode": ("postnr", "postnummer", "postcode", "zip", "zipcode", "postal code"),
    "town": ("by", "town", "city", "postdistrikt", "bynavn"),
    "municipality": ("kommune", "municipality", "kommunekode", "kommunenavn"),
    "latitude": ("breddegrad", "lat", "latitude", "bredde"),
    "longitude": ("længdegrad", "lon", "lng", "long", "longitude", "længde"),
    "step_free": ("trinfri", "trinfri adgang", "step_free", "wheelchair"),
    "phone": ("telefon", "tlf", "phone"),
    "email": ("e-mail", "mail"),
    "title": ("titel", "aktivitet", "title", "activity", "aktivitetsnavn"),
    "weekday": ("ugedag", "dag", "weekday", "day"),
    "start_time": ("start", "starttid", "fra", "start_time", "from"),
    "end_time": ("slut", "sluttid", "til", "end", "end_time", "to"),
    "category": ("kategori", "category"),
    "organisation": ("forening", "organisation", "organization", "arrangør", "organiser"),
    "description": ("beskrivelse", "description"),
    "price": ("pris", "price"),
    "capacity": ("kapacitet", "pladser", "capacity", "seats"),
    "audience": ("målgruppe", "audience"),
}


def header_key(header: str) -> str:
    """ "Længdegrad", "laengdegrad" and "LÆNGDE-GRAD" all give "laengdegrad"."""
    return re.sub(r"[^a-z0-9]", "", fold(str(header or "")))


_BY_HEADER = {header_key(alias): field for field, aliases in ALIASES.items() for alias in aliases}


def field_for(header: str) -> str | None:
    """The field a header names, or None for a column the import does not know."""
    return _BY_HEADER.get(header_key(header))
