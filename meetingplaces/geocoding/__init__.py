"""Turning an address, postcode or town into a point: offline by default, at address
precision through DAWA in production (settings.GEOCODER = "dawa").

Every geocoder here has geopy's interface, so settings.GEOCODER can also name any online
geopy geocoder (such as Nominatim) without changing a caller.
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from geopy.exc import GeopyError
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from .base import AmbiguousPlace, GeocodingError, Precision, fold
from .dawa import DawaGeocoder
from .offline import DanishOfflineGeocoder, Postcode, PostcodeIndex, gazetteer, postcode_index

__all__ = [
    "AmbiguousPlace",
    "DanishOfflineGeocoder",
    "DawaGeocoder",
    "GeocodingError",
    "Postcode",
    "PostcodeIndex",
    "Precision",
    "fold",
    "gazetteer",
    "geocode",
    "get_geocoder",
    "postcode_index",
    "precision_of",
]


@cache
def get_geocoder() -> Geocoder:
    """The geocoder settings.GEOCODER names: "offline", "dawa", "nominatim" or a dotted path."""
    name = settings.GEOCODER
    if name == "offline":
        return DanishOfflineGeocoder()
    if name == "dawa":
        return DawaGeocoder(base_url=settings.DAWA_URL, user_agent=settings.GEOCODER_USER_AGENT)
    if name == "nominatim":
        from geopy.geocoders import Nominatim

        return Nominatim(user_agent=settings.GEOCODER_USER_AGENT, timeout=5)
    return import_string(name)(user_agent=settings.GEOCODER_USER_AGENT)


def precision_of(location: Location) -> Precision:
    """How precise a found location is; a geocoder that does not say is taken at its word
    as an address."""
    raw = location.raw if isinstance(location.raw, dict) else {}
    try:
        return Precision(raw.get("precision", Precision.ADDRESS))
    except ValueError:
        return Precision.ADDRESS


def geocode(text: str) -> Location:
    """The place a user typed, or a GeocodingError with a message for that user
    (AmbiguousPlace, with the choices, for a name several places share)."""
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
