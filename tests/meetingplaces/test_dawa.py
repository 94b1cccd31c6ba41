"""The DAWA adapter, against DAWA's answers served by a local stand-in on 127.0.0.1."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings
from geopy.distance import geodesic

from meetingplaces import geocoding
from meetingplaces.geocoding import DawaGeocoder, geocode
from meetingplaces.search import locate

RESPONSES = Path(__file__).parent / "dawa_responses"
CITY_HALL = (55.6757, 12.5699)
SAKSKOBING = (54.7985, 11.6440)


class FakeDawa:
    """Answers the two DAWA calls the adapter makes, and records every request."""

    def __init__(self):
        self.requests: list[tuple[str, dict]] = []
        self.failing = False
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                fake.requests.append((url.path, parse_qs(url.query)))
                status, name = fake.answer(url.path, parse_qs(url.query))
                body = (RESPONSES / name).read_bytes() if name else b"{}"
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def answer(self, path: str, query: dict) -> tuple[int, str | None]:
        if self.failing:
            return 503, None
        if path == "/datavask/adgangsadresser":
            if "Rådhuspladsen" in query["betegnelse"][0]:
                return 200, "datavask_raadhuspladsen_1.json"
            return 200, "datavask_uncertain.json"
        if path == "/adgangsadresser/0a3f507a-b2e6-32b8-e044-0003ba298018":
            return 200, "adgangsadresse_raadhuspladsen_1.json"
        return 404, None


@pytest.fixture
def dawa():
    fake = FakeDawa()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    geocoding.get_geocoder.cache_clear()
    with override_settings(GEOCODER="dawa", DAWA_URL=fake.url):
        yield fake
    geocoding.get_geocoder.cache_clear()
    fake.server.shutdown()
    fake.server.server_close()


def test_settings_choose_the_dawa_adapter(dawa):
    assert isinstance(geocoding.get_geocoder(), DawaGeocoder)


def test_a_street_address_is_placed_at_its_access_point(dawa):
    location = geocode("Rådhuspladsen 1, 1550 København V")
    assert geodesic(location.point[:2], CITY_HALL).m < 1
    assert location.raw["precision"] == "address"
    assert location.raw["municipality_code"] == "0101"
    assert location.address == "Rådhuspladsen 1, 1550 København V, Danmark"
    assert [path for path, _ in dawa.requests] == [
        "/datavask/adgangsadresser",
        "/adgangsadresser/0a3f507a-b2e6-32b8-e044-0003ba298018",
    ]
    assert dawa.requests[0][1]["betegnelse"] == ["Rådhuspladsen 1, 1550 København V"]


def test_the_search_says_it_was_found_at_address_precision(dawa):
    place = locate("Rådhuspladsen 1, 1550 København V")
    assert place.precision == "address"
    assert "Rådhuspladsen 1" in place.label


def test_an_uncertain_wash_falls_back_to_the_postcode(dawa):
    location = geocode("Torvgade 3, 4990 Sakskøbing")
    assert location.raw["precision"] == "postcode"
    assert geodesic(location.point[:2], SAKSKOBING).km < 5
    assert len(dawa.requests) == 1


def test_postcodes_towns_and_coordinates_never_ask_dawa(dawa):
    assert geocode("4990").raw["precision"] == "postcode"
    assert geocode("Aarhus").raw["precision"] == "town"
    assert locate("55,6761 12,5683").precision == "coordinates"
    assert dawa.requests == []


def test_while_dawa_is_down_a_search_still_answers_from_the_postcode(dawa):
    dawa.failing = True
    location = geocode("Rådhuspladsen 1, 1550 København V")
    assert location.raw["precision"] == "postcode"
    assert location.raw["postcode"] == "1550"
    assert len(dawa.requests) == 1


@pytest.mark.parametrize(
    "text, is_address",
    [
        ("Rådhuspladsen 1, 1550 København V", True),
        ("Nørregade 12B, Hasle", True),
        ("Torvet 3 4990 Sakskøbing", True),
        ("4990 Sakskøbing", False),
        ("Aarhus", False),
        ("DK-4990", False),
    ],
)
def test_only_a_street_and_house_number_count_as_an_address(text, is_address):
    from meetingplaces.geocoding.dawa import looks_like_address

    assert looks_like_address(text) is is_address


def test_the_adapter_is_used_through_geopys_interface(dawa):
    geocoder = DawaGeocoder(base_url=dawa.url)
    found = geocoder.geocode("Rådhuspladsen 1, 1550 København V", exactly_one=False)
    assert isinstance(found, list) and found[0].raw["dawa_id"].startswith("0a3f507a")
    assert found[0].raw["category"] == "A"
