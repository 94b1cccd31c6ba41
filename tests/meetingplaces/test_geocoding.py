"""The offline geocoder: Danish postcodes, towns and villages, with geopy's interface."""

import pytest
from django.test import override_settings
from geopy.distance import geodesic
from geopy.geocoders.base import Geocoder

from meetingplaces import geocoding
from meetingplaces.geo import parse_lat_lon
from meetingplaces.geocoding import (
    AmbiguousPlace,
    DanishOfflineGeocoder,
    GeocodingError,
    fold,
    geocode,
)

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
    geocoder = DanishOfflineGeocoder()
    assert isinstance(geocoder, Geocoder)
    assert geocoder.geocode("Atlantis") is None
    location = geocoder.geocode("4990")
    assert location.raw == {"postcode": "4990", "town": "Sakskøbing", "precision": "postcode"}
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
            assert isinstance(geocoding.get_geocoder(), DanishOfflineGeocoder)
    finally:
        geocoding.get_geocoder.cache_clear()


def test_folding_treats_danish_letters_alike():
    assert fold("Sakskøbing") == fold("sakskobing") == fold("SAKSKOEBING")
    assert fold("Åbenrå") == fold("Aabenraa")
    assert fold("Nykøbing F.") == "nykobing f"


# City centres read off a map (the town hall square), independent of the bundled data.
AARHUS = (56.1529, 10.2039)
KOBENHAVN = (55.6761, 12.5683)
ODENSE = (55.3959, 10.3883)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Aarhus", AARHUS),
        ("Århus", AARHUS),
        ("København", KOBENHAVN),
        ("Copenhagen", KOBENHAVN),
        ("Odense", ODENSE),
        ("Sakskøbing, Danmark", SAKSKOBING),
        ("DK-4990 Sakskøbing", SAKSKOBING),
        ("DK 4990", SAKSKOBING),
        ("Torvet 3, 4990 Sakskøbing, Denmark", SAKSKOBING),
    ],
)
def test_cities_and_country_prefixes_are_understood(query, expected):
    location = geocode(query)
    assert geodesic((location.latitude, location.longitude), expected).km < 3


@pytest.mark.parametrize("query", ["Aabybro", "Åbybro", "aabybro"])
def test_aa_and_a_with_ring_find_the_same_village(query):
    location = geocode(query)
    assert location.raw["town"] == "Åbybro"
    assert location.raw["precision"] == "town"


def test_a_name_several_places_share_is_answered_with_the_choices():
    with pytest.raises(AmbiguousPlace) as error:
        geocode("Hasle")
    assert set(error.value.choices) == {"Hasle (Aarhus)", "Hasle (Bornholm)"}
    assert "Vælg et af dem" in str(error.value)


@pytest.mark.parametrize(
    "choice, expected",
    [
        ("Hasle (Aarhus)", (56.1687, 10.1618)),
        ("Hasle (Bornholm)", (55.1822, 14.7112)),
        ("Hasle, Bornholm", (55.1822, 14.7112)),
    ],
)
def test_each_offered_choice_finds_its_own_place(choice, expected):
    location = geocode(choice)
    assert geodesic((location.latitude, location.longitude), expected).km < 1


def test_a_municipality_seat_wins_over_a_village_of_the_same_name():
    location = geocode("Holbæk")
    assert location.raw["municipality"] == "Holbæk"


def test_a_postcode_is_found_at_postcode_precision_and_a_town_at_town_precision():
    assert geocode("4990").raw["precision"] == "postcode"
    assert geocode("Sakskøbing").raw["precision"] == "town"


@pytest.mark.parametrize(
    "text",
    [
        "55,6761 12,5683",
        "55,6761; 12,5683",
        "55,6761, 12,5683",
        "55.6761 12.5683",
        "55.6761,12.5683",
    ],
)
def test_coordinates_with_decimal_commas_or_points_are_read_as_coordinates(text):
    assert parse_lat_lon(text) == (55.6761, 12.5683)


@pytest.mark.parametrize("text", ["4990", "4990 Sakskøbing", "Torvet 3, 4990 Sakskøbing", "12 34"])
def test_postcodes_and_addresses_are_not_mistaken_for_coordinates(text):
    assert parse_lat_lon(text) is None


@pytest.mark.parametrize(
    "query, postcode",
    [
        ("Vesterbrogade 3, 1630 København", "1630"),
        ("Østerbrogade 48, 2100 Østerbro", "2100"),
        ("Strandvejen 163, 2900 Hellerup", "2900"),
    ],
)
def test_a_city_or_a_nearby_town_after_the_postcode_fits_it(query, postcode):
    location = geocode(query)
    assert location.raw["postcode"] == postcode
    assert location.raw["precision"] == "postcode"


def test_a_town_far_from_the_postcode_is_still_contradictory():
    with pytest.raises(GeocodingError):
        geocode("Apollovej 33, 2750 Vanløse")  # Vanløse is 2720; 2750 is Ballerup
