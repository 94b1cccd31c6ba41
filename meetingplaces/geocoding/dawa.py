"""Danish addresses at address precision from the official address service, DAWA
(Danmarks Adressers Web API, run by Klimadatastyrelsen at api.dataforsyningen.dk).

`DawaGeocoder` has geopy's geocoder interface (settings.GEOCODER = "dawa"). A street
address is washed by DAWA's `datavask` service and placed at its access point; postcodes,
towns and anything DAWA cannot place with confidence fall back to the offline gazetteer,
so a search still answers (at postcode or town precision) when DAWA is unreachable.
"""

import logging
import re
from urllib.parse import quote, urlencode

from geopy.exc import GeopyError
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from .base import Precision, tidy
from .offline import DanishOfflineGeocoder

logger = logging.getLogger(__name__)

DEFAULT_URL = "https://api.dataforsyningen.dk"
# DAWA's categories: A exact, B certain with small differences, C uncertain.
CONFIDENT = frozenset({"A", "B"})
# A street and a house number ("Torvet 3", "Nørregade 12B"), not a postcode.
_HOUSE_NUMBER = re.compile(r"[^\W\d]\.?\s+\d{1,3}\s?[A-Za-z]?(?=\s*,|\s+\d{4}\b|\s*$)")


def looks_like_address(text: str) -> bool:
    return bool(_HOUSE_NUMBER.search(text))


class DawaGeocoder(Geocoder):
    """Street addresses from DAWA; everything else from the offline gazetteer."""

    def __init__(self, *, base_url: str = DEFAULT_URL, fallback: Geocoder | None = None, **kwargs):
        kwargs.setdefault("timeout", 5)
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.fallback = fallback or DanishOfflineGeocoder()

    def geocode(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL):
        text = tidy(str(query))
        if looks_like_address(text):
            try:
                location = self._address(text, timeout=timeout)
            except GeopyError as error:
                # A search still answers, less precisely, while DAWA is away.
                logger.warning("DAWA did not answer (%s); using the offline gazetteer", error)
                location = None
            if location is not None:
                return location if exactly_one else [location]
        return self.fallback.geocode(text, exactly_one=exactly_one)

    def _address(self, text: str, *, timeout) -> Location | None:
        washed = self._call_geocoder(
            f"{self.base_url}/datavask/adgangsadresser?{urlencode({'betegnelse': text})}",
            lambda answer: answer,
            timeout=timeout,
        )
        results = washed.get("resultater") or []
        if washed.get("kategori") not in CONFIDENT or not results:
            return None
        address = results[0].get("aktueladresse") or results[0]["adresse"]
        point = self._call_geocoder(
            f"{self.base_url}/adgangsadresser/{quote(address['id'])}?struktur=mini",
            lambda answer: answer,
            timeout=timeout,
        )
        return Location(
            f"{point['betegnelse']}, Danmark",
            (point["y"], point["x"]),
            {
                "precision": str(Precision.ADDRESS),
                "postcode": point["postnr"],
                "town": point["postnrnavn"],
                "municipality_code": point.get("kommunekode", ""),
                "dawa_id": point["id"],
                "category": washed["kategori"],
            },
        )
