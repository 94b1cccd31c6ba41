"""The offline geocoder: Danish postcodes and towns, with geopy's interface."""

import pytest
from django.test import override_settings
from geopy.distance import geodesic
from geopy.geocoders.base import Geocoder

from meetingplaces import geocoding
from meetingplaces.geocoding import DanishPostcodeGeocoder, GeocodingError, fold, geocode

# Town centres read off a map, independent of the bundled data.
SAKSKOBING = (54.7985, 11.6440)
NYKOBING_F = (54.7691, 11.8743)
SORO = (55.4326, 11.5552)
ISHOJ = (55.6154, 12.3518)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("4990", SAKSKOBING),
        ("4990 Sakskøbing", SAKSKOBING),
        ("Sakskøbing", SAKSKOBING),
        ("sakskobing", SAKSKOBING),
        ("SAKSKOEBING", SAKSKOBING),
        ("  sakskøbing  ", SAKSKOBING),
        ("Torvet 3, 4990 Sakskøbing", SAKSKOBING),
        ("Torvet 3 4990 Sakskøbing", SAKSKOBING),
        ("Jernbanegade 22, 4800 Nykøbing F", NYKOBING_F),
        ("4180", SORO),
        ("Sorø", SORO),
        ("2635 Ishøj", ISHOJ),
    ],
)
def test_known_places_are_found_within_5_km(query, expected):
    location = geocode(query)
    assert geodesic((location.latitude, location.longitude), expected).km < 5


def test_a_town_with_many_postcodes_answers_at_its_centre():
    location = geocode("København K")
    assert geodesic((location.latitude, location.longitude), (55.6794, 12.5776)).km < 5


@pytest.mark.parametrize(
    "query", ["9999", "Atlantis", "0000 Ingensteds", "Torvet 1, 4990 Nysted", "12345"]
)
def test_unknown_or_contradictory_input_is_refused_with_a_clear_message(query):
    with pytest.raises(GeocodingError) as error:
        geocode(query)
    assert "Vi kunne ikke finde" in str(error.value)
    assert "postnummer" in str(error.value)


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_input_asks_for_a_place(query):
    with pytest.raises(GeocodingError, match="Skriv en adresse"):
        geocode(query)


def test_it_is_a_geopy_geocoder_that_says_none_when_it_cannot():
    geocoder = DanishPostcodeGeocoder()
    assert isinstance(geocoder, Geocoder)
    assert geocoder.geocode("Atlantis") is None
    location = geocoder.geocode("4990")
    assert location.raw == {"postcode": "4990", "town": "Sakskøbing"}
    assert "4990 Sakskøbing" in location.address
    assert geocoder.geocode("4990", exactly_one=False)[0] == location


def test_the_geocoder_is_chosen_by_settings():
    geocoding.get_geocoder.cache_clear()
    try:
        with override_settings(GEOCODER="nominatim"):
            from geopy.geocoders import Nominatim

            assert isinstance(geocoding.get_geocoder(), Nominatim)
        geocoding.get_geocoder.cache_clear()
        with override_settings(GEOCODER="offline"):
            assert isinstance(geocoding.get_geocoder(), DanishPostcodeGeocoder)
    finally:
        geocoding.get_geocoder.cache_clear()


def test_folding_treats_danish_letters_alike():
    assert fold("Sakskøbing") == fold("sakskobing") == fold("SAKSKOEBING")
    assert fold("Åbenrå") == fold("Aabenraa")
    assert fold("Nykøbing F.") == "nykobing f"
