"""Denmark's 98 municipalities as reference data (meetingplaces/data/dk_municipalities.csv),
and how a municipality written by a person ("Sorø", "Sorø Kommune", "340") is found."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction

from .geocoding import fold
from .models import Municipality

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "data" / "dk_municipalities.csv"

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


@dataclass(frozen=True)
class ReferenceMunicipality:
    code: str
    name: str
    region: str

    @property
    def slug(self) -> str:
        return danish_slug(self.name)


def danish_slug(name: str) -> str:
    """ "Sorø" → "soroe", "Lyngby-Taarbæk" → "lyngby-taarbaek" (Django's slugify drops ø)."""
    from django.utils.text import slugify

    return slugify(name.translate(_DANISH_LETTERS))


@cache
def reference_municipalities() -> tuple[ReferenceMunicipality, ...]:
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as f:
        return tuple(
            ReferenceMunicipality(row["code"], row["name"], row["region"])
            for row in csv.DictReader(f)
        )


def normalise_code(text: str) -> str:
    """A kommunekode as stored: four digits, zero-padded ("376" → "0376")."""
    text = str(text).strip()
    return text.zfill(4) if text.isdigit() and len(text) <= 4 else text


def municipality_key(text: str) -> str:
    """What two spellings of one municipality share: its folded name without "Kommune"
    ("Københavns Kommune" and "København" differ only by the genitive s)."""
    words = fold(str(text)).split()
    if words and words[-1] in {"kommune", "regionskommune", "municipality"}:
        words = words[:-1]
    key = " ".join(words)
    return key[:-1] if key.endswith("s") else key


class MunicipalityIndex:
    """The municipalities of the installation, found by code or any spelling of the name;
    read in one query."""

    def __init__(self):
        self.all = list(Municipality.objects.all())
        self.by_code = {m.code: m for m in self.all}
        self.by_key = {municipality_key(m.name): m for m in self.all}
        self.by_key.update({municipality_key(m.slug): m for m in self.all})

    def find(self, text: str) -> Municipality | None:
        return self.by_code.get(normalise_code(text)) or self.by_key.get(municipality_key(text))


def find_municipality(text: str) -> Municipality | None:
    """A municipality by its code ("376", "0376"), its slug or a usual spelling of its name
    ("Sorø", "sorø kommune", "Københavns Kommune")."""
    return MunicipalityIndex().find(text)


@transaction.atomic
def load_municipalities() -> tuple[int, int]:
    """Create the municipalities that are missing and give existing ones (found by code)
    their official name. Safe to run again. Returns (created, renamed)."""
    existing = {m.code: m for m in Municipality.objects.select_for_update()}
    to_create, to_rename = [], []
    for reference in reference_municipalities():
        municipality = existing.get(reference.code)
        if municipality is None:
            to_create.append(
                Municipality(code=reference.code, name=reference.name, slug=reference.slug)
            )
        elif municipality.name != reference.name:
            # The slug stays: it is in public URLs already.
            municipality.name = reference.name
            to_rename.append(municipality)
    Municipality.objects.bulk_update(to_rename, ["name"])
    Municipality.objects.bulk_create(to_create)
    return len(to_create), len(to_rename)
