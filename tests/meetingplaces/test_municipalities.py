"""Denmark's 98 municipalities ship as reference data, loaded by a command that is safe
to run again and that the demo uses."""

from io import StringIO

import pytest
from django.core.management import call_command

from meetingplaces.models import Municipality
from meetingplaces.municipalities import (
    danish_slug,
    municipality_key,
    normalise_code,
    reference_municipalities,
)
from tests.factories import MunicipalityFactory, load_demo


def test_there_are_exactly_98_municipalities_with_unique_codes_and_names():
    municipalities = reference_municipalities()
    assert len(municipalities) == 98
    assert len({m.code for m in municipalities}) == 98
    assert len({m.name for m in municipalities}) == 98
    assert len({municipality_key(m.name) for m in municipalities}) == 98
    assert len({m.slug for m in municipalities}) == 98


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("0101", "København"),
        ("0147", "Frederiksberg"),
        ("0183", "Ishøj"),
        ("0340", "Sorø"),
        ("0376", "Guldborgsund"),
        ("0400", "Bornholm"),
        ("0461", "Odense"),
        ("0751", "Aarhus"),
        ("0851", "Aalborg"),
        ("0860", "Hjørring"),
    ],
)
def test_known_code_and_name_pairs(code, name):
    assert {m.code: m.name for m in reference_municipalities()}[code] == name


def test_christiansoe_is_not_a_municipality():
    assert "0411" not in {m.code for m in reference_municipalities()}


def test_the_five_regions_hold_29_17_22_19_and_11():
    counts: dict[str, int] = {}
    for m in reference_municipalities():
        counts[m.region] = counts.get(m.region, 0) + 1
    assert counts == {
        "Region Hovedstaden": 29,
        "Region Sjælland": 17,
        "Region Syddanmark": 22,
        "Region Midtjylland": 19,
        "Region Nordjylland": 11,
    }


def test_a_municipality_is_found_by_any_usual_spelling():
    assert normalise_code("376") == "0376"
    assert municipality_key("Københavns Kommune") == municipality_key("København")
    assert municipality_key("Bornholms Regionskommune") == municipality_key("Bornholm")
    assert municipality_key("NORDFYN") == municipality_key("Nordfyns")
    assert danish_slug("Lyngby-Taarbæk") == "lyngby-taarbaek"


@pytest.mark.django_db
def test_loading_twice_creates_98_and_then_nothing():
    call_command("load_municipalities", stdout=StringIO())
    out = StringIO()
    call_command("load_municipalities", stdout=out)
    assert Municipality.objects.count() == 98
    assert "0 created, 0 renamed" in out.getvalue()
    assert Municipality.objects.get(code="0340").slug == "soroe"


@pytest.mark.django_db
def test_an_existing_municipality_keeps_its_row_and_slug_and_gets_its_official_name():
    existing = MunicipalityFactory(code="0376", name="Guldborgsund Kommune", slug="gbs")
    call_command("load_municipalities", stdout=StringIO())
    existing.refresh_from_db()
    assert (existing.name, existing.slug) == ("Guldborgsund", "gbs")
    assert Municipality.objects.count() == 98


@pytest.mark.django_db
def test_the_demo_municipality_is_the_real_guldborgsund():
    load_demo("--quiet-logins", stdout=StringIO())
    demo = Municipality.objects.get(slug="guldborgsund")
    assert (demo.code, demo.name) == ("0376", "Guldborgsund")
    assert Municipality.objects.count() == 98


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["Sorø", "sorø kommune", "SORO", "soroe", "340", "0340"])
def test_a_municipality_is_found_by_code_slug_or_any_spelling_of_its_name(text):
    from meetingplaces.municipalities import find_municipality

    call_command("load_municipalities", stdout=StringIO())
    assert find_municipality(text).code == "0340"
