"""The form fields a search for activities shares between the pages and the API."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .geo import Point, parse_lat_lon
from .geocoding import AmbiguousPlace, GeocodingError, Precision, geocode, precision_of
from .selectors import MAX_RADIUS_KM


@dataclass(frozen=True)
class Place:
    """Where a search is made from, with the words to show the user for it and how
    precisely the point stands for what they typed."""

    point: Point
    label: str
    precision: Precision

    def as_dict(self) -> dict:
        """What the API says about where a search was made from."""
        return {
            "label": self.label,
            "latitude": self.point[0],
            "longitude": self.point[1],
            "precision": str(self.precision),
        }


def locate(text: str) -> Place:
    """A "lat,lon" pair or an address, postcode or town, as a Place.

    Raises ValidationError with a message for the user when it cannot be found.
    """
    text = " ".join((text or "").split())
    try:
        point = parse_lat_lon(text)
    except ValueError:
        raise ValidationError(
            _("Breddegrad skal være mellem -90 og 90 og længdegrad mellem -180 og 180."),
            code="out_of_range",
        ) from None
    if point is not None:
        return Place(point=point, label=str(_("din placering")), precision=Precision.COORDINATES)
    try:
        location = geocode(text)
    except AmbiguousPlace as error:
        raise ValidationError(
            "%(reason)s", code="ambiguous", params={"reason": str(error), "choices": error.choices}
        ) from None
    except GeocodingError as error:
        # The message holds the user's text: a parameter, so that no one formats it again.
        raise ValidationError(
            "%(reason)s", params={"reason": str(error)}, code="not_found"
        ) from None
    return Place(
        point=(location.latitude, location.longitude),
        label=location.address,
        precision=precision_of(location),
    )


class NearField(forms.CharField):
    """An address, postcode, town or "lat,lon"; cleans to a Place."""

    default_error_messages = {
        "required": _("Skriv en adresse, et postnummer eller en by."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        return locate(text)


class RadiusField(forms.FloatField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0.1)
        kwargs.setdefault("max_value", MAX_RADIUS_KM)
        kwargs.setdefault(
            "error_messages",
            {
                "max_value": _("Afstanden kan højst være %(limit_value)s km."),
                "min_value": _("Afstanden skal være mindst %(limit_value)s km."),
                "invalid": _("Afstanden skal være et tal i km, fx 5."),
            },
        )
        super().__init__(**kwargs)
