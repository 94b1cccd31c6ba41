"""One row of a list read as a meeting place and, when it names one, an activity held
there; with every problem of the row collected, not only the first."""

from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..geocoding import GeocodingError, Precision, fold, geocode, postcode_index, precision_of
from ..models import Activity, MeetingPlace
from ..vocabulary import Category
from . import values as parse

# Coordinates outside this box are not in Denmark (most often latitude and longitude swapped).
DENMARK_LATITUDE = (54.4, 57.8)
DENMARK_LONGITUDE = (7.9, 15.3)

_PLACE_KINDS = {"modested", "sted", "place", "location", "meeting place"}
_ACTIVITY_KINDS = {"aktivitet", "activity"}


class RowError(ValueError):
    def __init__(self, *messages: str):
        self.messages = messages
        super().__init__("; ".join(messages))


@dataclass
class PlaceValues:
    external_id: str
    name: str
    street: str
    postcode: str
    town: str
    latitude: float | None
    longitude: float | None
    optional: dict = field(default_factory=dict)  # the optional fields the row fills in
    organisation: str = ""
    notes: list[str] = field(default_factory=list)

    def same_address(self, place: MeetingPlace) -> bool:
        return (fold(self.street), self.postcode) == (fold(place.street), place.postcode)

    def changes(self, place: MeetingPlace | None) -> dict:
        """The fields to set on `place` (all of them for a new place). A row without
        coordinates keeps the place's point unless its address changed, else is geocoded."""
        wanted = {
            "name": self.name,
            "postcode": self.postcode,
            "town": self.town,
            **self.optional,
        }
        if self.street:
            wanted["street"] = self.street
        if self.external_id:
            wanted["external_id"] = self.external_id
        if self.latitude is not None:
            wanted.update(latitude=self.latitude, longitude=self.longitude)
        elif place is None or not self.same_address(place):
            wanted.update(self._geocoded(place))
        if place is None:
            return wanted
        return {name: value for name, value in wanted.items() if getattr(place, name) != value}

    def _geocoded(self, place: MeetingPlace | None) -> dict:
        street = self.street or (place.street if place else "")
        try:
            latitude, longitude, precision = _geocode(f"{street}, {self.postcode} {self.town}")
        except GeocodingError as error:
            raise RowError(str(error)) from error
        if precision != Precision.ADDRESS:
            self.notes.append(
                _("Placeret ud fra %(precision)s, ikke den præcise adresse.")
                % {"precision": _("postnummeret") if precision == Precision.POSTCODE else _("byen")}
            )
        return {"latitude": latitude, "longitude": longitude}


@lru_cache(maxsize=4096)
def _geocode(text: str) -> tuple[float, float, Precision]:
    # Many rows of one list share a postcode; the configured geocoder answers each once.
    location = geocode(text)
    return location.latitude, location.longitude, precision_of(location)


@dataclass
class ActivityValues:
    external_id: str
    title: str
    weekday: int
    start_time: time
    end_time: time
    organisation: str
    optional: dict = field(default_factory=dict)

    def changes(self, activity: Activity | None) -> dict:
        wanted = {
            "title": self.title,
            "weekday": self.weekday,
            "start_time": self.start_time,
            "end_time": self.end_time,
            **self.optional,
        }
        if self.external_id:
            wanted["external_id"] = self.external_id
        if activity is None:
            wanted.setdefault("category", Category.COMMUNITY)
            return wanted
        return {name: value for name, value in wanted.items() if getattr(activity, name) != value}


class _Reader:
    """Reads the fields of one row, keeping every error."""

    def __init__(self, values: dict[str, str]):
        self.values = values
        self.errors: list[str] = []

    def text(self, name: str, *, max_length: int | None = None, label: str = "") -> str:
        value = self.values.get(name, "")
        if max_length and len(value) > max_length:
            self.errors.append(
                _("%(field)s er længere end %(max)s tegn.") % {"field": label, "max": max_length}
            )
        return value

    def required(self, name: str, label: str, **kwargs) -> str:
        value = self.text(name, label=label, **kwargs)
        if not value:
            self.errors.append(_("%(field)s mangler.") % {"field": label})
        return value

    def parsed(self, name: str, parser, *, label: str = "", required: bool = False):
        value = self.values.get(name, "")
        if not value:
            if required:
                self.errors.append(_("%(field)s mangler.") % {"field": label})
            return None
        try:
            return parser(value)
        except ValueError as error:
            self.errors.append(str(error))
            return None


def parse_row(values: dict[str, str]) -> tuple[PlaceValues, ActivityValues | None]:
    """The row's place and activity, or RowError with everything wrong in it."""
    row = _Reader(values)
    kind = fold(values.get("kind", ""))
    if kind and kind not in _PLACE_KINDS | _ACTIVITY_KINDS:
        row.errors.append(
            _("Ukendt type “%(value)s”: skriv mødested eller aktivitet.")
            % {"value": values["kind"]}
        )
    # Without a type, a row that names an activity is one.
    is_activity = kind in _ACTIVITY_KINDS or (not kind and bool(values.get("title")))
    place = _place(row, is_activity_row=is_activity)
    activity = _activity(row) if is_activity else None
    if row.errors:
        raise RowError(*row.errors)
    return place, activity


def _place(row: _Reader, *, is_activity_row: bool) -> PlaceValues:
    name = row.required("name", gettext_lazy("Mødestedets navn"), max_length=150)
    street = row.text("street", max_length=200, label=gettext_lazy("Adressen"))
    postcode = row.parsed(
        "postcode", parse.postcode, label=gettext_lazy("Postnummer"), required=True
    )
    town = row.text("town", max_length=100, label=gettext_lazy("Byen"))
    if postcode:
        known = postcode_index().by_code.get(postcode)
        if known is None:
            row.errors.append(_("Ukendt postnummer “%(value)s”.") % {"value": postcode})
        town = town or (known.town if known else "")
    latitude = row.parsed("latitude", parse.coordinate)
    longitude = row.parsed("longitude", parse.coordinate)
    if (latitude is None) != (longitude is None):
        row.errors.append(_("Skriv både breddegrad og længdegrad, eller ingen af dem."))
        latitude = longitude = None
    elif latitude is not None and not (
        DENMARK_LATITUDE[0] <= latitude <= DENMARK_LATITUDE[1]
        and DENMARK_LONGITUDE[0] <= longitude <= DENMARK_LONGITUDE[1]
    ):
        row.errors.append(
            _("Punktet %(lat)s, %(lon)s ligger ikke i Danmark (er de to tal byttet om?).")
            % {"lat": latitude, "lon": longitude}
        )
    optional = {}
    step_free = row.parsed("step_free", parse.yes_no)
    if step_free is not None:
        optional["step_free"] = step_free
    if phone := row.text("phone", max_length=30, label=gettext_lazy("Telefonnummeret")):
        optional["phone"] = phone
    if email := row.text("email"):
        try:
            validate_email(email)
            optional["email"] = email
        except ValidationError:
            row.errors.append(_("Ugyldig e-mailadresse “%(value)s”.") % {"value": email})
    if not is_activity_row and (description := row.text("description")):
        optional["description"] = description
    return PlaceValues(
        external_id=row.text(
            "external_id" if not is_activity_row else "place_external_id",
            max_length=100,
            label=gettext_lazy("Id"),
        ),
        name=name,
        street=street,
        postcode=postcode or "",
        town=town,
        latitude=latitude,
        longitude=longitude,
        optional=optional,
        organisation="" if is_activity_row else row.text("organisation"),
    )


def _activity(row: _Reader) -> ActivityValues:
    title = row.required("title", gettext_lazy("Aktivitetens titel"), max_length=150)
    weekday = row.parsed("weekday", parse.weekday, label=gettext_lazy("Ugedag"), required=True)
    start = row.parsed(
        "start_time", parse.time_of_day, label=gettext_lazy("Starttid"), required=True
    )
    end = row.parsed("end_time", parse.time_of_day, label=gettext_lazy("Sluttid"), required=True)
    if start and end and end <= start:
        row.errors.append(_("Sluttiden skal være efter starttiden."))
    optional = {}
    for name, parser in [
        ("category", parse.category),
        ("price", parse.amount),
        ("capacity", parse.count),
        ("audience", parse.audience),
    ]:
        value = row.parsed(name, parser)
        if value is not None:
            optional[name] = value
    if description := row.text("description"):
        optional["description"] = description
    return ActivityValues(
        external_id=row.text("external_id", max_length=100, label=gettext_lazy("Id")),
        title=title,
        weekday=weekday,
        start_time=start,
        end_time=end,
        organisation=row.text("organisation"),
        optional=optional,
    )
