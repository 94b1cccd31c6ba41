"""The offline geocoder: Danish postcodes, towns, villages and city districts from the
bundled GeoNames data (CC BY 4.0, see meetingplaces/data/SOURCES.md), with geopy's
geocoder interface."""

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from ..geo import distance_km
from .base import AmbiguousPlace, Precision, fold, tidy

DATA = Path(__file__).resolve().parent.parent / "data"
POSTCODES_CSV = DATA / "dk_postcodes.csv"
TOWNS_CSV = DATA / "dk_towns.csv"

_POSTCODE_AT_END = re.compile(r"(?:^|[\s,])(\d{4})(?:\s+([^\d,]+?))?\s*$")
# "Hasle (Aarhus)", the form in which an ambiguous name's choices are offered.
_NAME_AND_MUNICIPALITY = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<municipality>[^()]+)\)$")

# The capital and the seats of regions and municipalities: a name shared with a village
# elsewhere means the seat ("Holbæk" is the town, not the village in Norddjurs).
SEAT_KINDS = frozenset({"PPLC", "PPLA", "PPLA2"})
# A town written after a postcode may lie this far from the postcode's point and still be
# meant with it (a rural postcode covers villages a few kilometres from its town).
TOWN_NEAR_POSTCODE_KM = 8.0


@dataclass(frozen=True)
class Postcode:
    code: str
    town: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Town:
    name: str
    municipality: str
    kind: str
    population: int
    latitude: float
    longitude: float

    @property
    def label(self) -> str:
        return f"{self.name} ({self.municipality})"


@dataclass(frozen=True)
class Found:
    """A point for what the user typed, with the words and precision to show for it."""

    latitude: float
    longitude: float
    label: str
    precision: Precision
    raw: dict = field(default_factory=dict)


class PostcodeIndex:
    """The Danish postcodes, looked up by code and by folded postal district name."""

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

    def district(self, name: str) -> list[Postcode]:
        """The postcodes of a postal district ("København K"), or of every district whose
        name begins with it ("Aarhus": Aarhus C, Aarhus N, ...)."""
        key = fold(name)
        if not key:
            return []
        exact = self.by_town.get(key)
        if exact:
            return exact
        return [
            row for town, rows in self.by_town.items() if town.startswith(key + " ") for row in rows
        ]


class TownIndex:
    """Danish towns, villages and city districts by folded name and alternate names."""

    def __init__(self, towns: list[Town], names: dict[str, list[Town]]):
        self.towns = towns
        self.by_name = names

    @classmethod
    def from_csv(cls, path: Path = TOWNS_CSV) -> "TownIndex":
        towns, names = [], {}
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                town = Town(
                    name=row["name"],
                    municipality=row["municipality"],
                    kind=row["kind"],
                    population=int(row["population"] or 0),
                    latitude=float(row["latitude"]),
                    longitude=float(row["longitude"]),
                )
                towns.append(town)
                spellings = {fold(row["name"])}
                spellings.update(fold(n) for n in row["alternate_names"].split("|") if n)
                for spelling in spellings - {""}:
                    names.setdefault(spelling, []).append(town)
        return cls(towns, names)

    def named(self, name: str) -> list[Town]:
        return self.by_name.get(fold(name), [])


def _rank(town: Town) -> tuple:
    return (town.kind in SEAT_KINDS, town.population, town.name)


class Gazetteer:
    """Turns a postcode, a town or an address line ending in either into a Found point."""

    def __init__(self, postcodes: PostcodeIndex, towns: TownIndex):
        self.postcodes = postcodes
        self.towns = towns

    def lookup(self, query: str) -> Found | None:
        """The place, None when nothing fits, or AmbiguousPlace when several do equally."""
        text = tidy(query)
        if not text:
            return None
        match = _POSTCODE_AT_END.search(text)
        if match:
            # "4990", "4990 Sakskøbing" or "Torvet 1, 4990 Sakskøbing": the postcode
            # decides; a town after it must fit it, or the line is contradictory.
            found = self.postcodes.by_code.get(match.group(1))
            town = match.group(2)
            if found and (not town or self.fits(town, found)):
                return _postcode(found)
            if found is None and town:
                return self.place(town)
            return None
        # "Hasle, Aarhus": a name and the municipality it is in.
        name, _comma, municipality = text.rpartition(",")
        if name and self.towns.named(name.strip()):
            found = self.place(f"{name.strip()} ({municipality.strip()})")
            if found:
                return found
        # A town alone, "Town (Municipality)", or an address line ending in a town.
        for candidate in dict.fromkeys([text, text.rsplit(",", 1)[-1].strip()]):
            found = self.place(candidate)
            if found:
                return found
        return None

    def fits(self, town: str, postcode: Postcode) -> bool:
        """Whether a town written after a postcode can be meant with it: the postal district
        ("4990 Sakskøbing"), its city ("1630 København" for København V), or a town or
        village near the postcode's point ("2100 Østerbro")."""
        name, district = fold(town), fold(postcode.town)
        if name == district or district.startswith(name + " "):
            return True
        return any(
            distance_km((place.latitude, place.longitude), (postcode.latitude, postcode.longitude))
            <= TOWN_NEAR_POSTCODE_KM
            for place in self.towns.named(town)
        )

    def place(self, text: str) -> Found | None:
        chosen = _NAME_AND_MUNICIPALITY.match(text)
        if chosen:
            towns = [
                town
                for town in self.towns.named(chosen["name"])
                if fold(town.municipality) == fold(chosen["municipality"])
            ]
            return _town(max(towns, key=_rank)) if towns else None
        towns = self.towns.named(text)
        if towns:
            seats = [town for town in towns if town.kind in SEAT_KINDS]
            if len(seats) == 1:
                return _town(seats[0])
            best = {}
            for town in sorted(towns, key=_rank, reverse=True):
                best.setdefault(town.municipality, town)
            if len(best) == 1:
                return _town(next(iter(best.values())))
            raise AmbiguousPlace(text, [town.label for town in best.values()])
        district = self.postcodes.district(text)
        if len(district) == 1:
            return _postcode(district[0])
        if district:
            return Found(
                latitude=sum(row.latitude for row in district) / len(district),
                longitude=sum(row.longitude for row in district) / len(district),
                label=text,
                precision=Precision.TOWN,
                raw={"postcodes": sorted(row.code for row in district)},
            )
        return None


def _postcode(row: Postcode) -> Found:
    return Found(
        latitude=row.latitude,
        longitude=row.longitude,
        label=f"{row.code} {row.town}",
        precision=Precision.POSTCODE,
        raw={"postcode": row.code, "town": row.town},
    )


def _town(town: Town) -> Found:
    return Found(
        latitude=town.latitude,
        longitude=town.longitude,
        label=town.name if fold(town.name) == fold(town.municipality) else town.label,
        precision=Precision.TOWN,
        raw={"town": town.name, "municipality": town.municipality},
    )


@cache
def postcode_index() -> PostcodeIndex:
    return PostcodeIndex.from_csv()


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer(postcode_index(), TownIndex.from_csv())


def as_location(found: Found) -> Location:
    return Location(
        f"{found.label}, Danmark",
        (found.latitude, found.longitude),
        {**found.raw, "precision": str(found.precision)},
    )


class DanishOfflineGeocoder(Geocoder):
    """A geopy geocoder that needs no network: Danish postcodes, towns and villages.

    Raises AmbiguousPlace for a name shared by places in several municipalities.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, **kwargs):
        super().__init__(**kwargs)
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        return self._gazetteer or gazetteer()

    def geocode(self, query, *, exactly_one=True, timeout=None):
        found = self.gazetteer.lookup(str(query))
        if found is None:
            return None
        location = as_location(found)
        return location if exactly_one else [location]
