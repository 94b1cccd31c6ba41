"""Geocoding and the map's tiles."""

import os

# Geocoding: "offline" answers from the bundled Danish postcodes; "nominatim" (or any
# geopy geocoder class by dotted path) goes online.
GEOCODER = os.environ.get("GEOCODER", "offline")
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "samvaer")
# The Danish address service behind GEOCODER=dawa (a recorded stand-in in tests).
DAWA_URL = os.environ.get("DAWA_URL", "https://api.dataforsyningen.dk")

# Map tiles: OpenStreetMap by default; a municipality can point to its own tile server.
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = os.environ.get(
    "MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
