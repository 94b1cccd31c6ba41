"""The public finder's query parameters: pagination, filters and nearby search.

Unknown or invalid parameters give 400 with a message per parameter, in the language of
the request."""

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError

from meetingplaces import vocabulary
from meetingplaces.models import Activity, MeetingPlace
from meetingplaces.search import NearField, RadiusField
from meetingplaces.selectors import (
    DEFAULT_RADIUS_KM,
    ActivityFilters,
    activities_near,
    filter_activities,
    meeting_places_near,
    public_activities,
)

from ..pagination import PageNumberPagination


class ConstantChoices(BaseChoiceIterator):
    """Choices that never change, shared by every copy of a filter and of its form field.

    django-filter copies the filters for each request and Django copies a form's fields for
    each form, each copy with its own deep copy of every (value, label) pair: a third of
    the filters' cost per finder request (benchmarks/README.md, "Load", run P). The pairs are
    constants, so the copies share them. drf-spectacular still reads them as the enum.
    """

    def __init__(self, choices):
        self.pairs = tuple(choices)

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self):
        return len(self.pairs)

    def __deepcopy__(self, memo):
        return self


BOOLEAN_CHOICES = ConstantChoices([("true", "true"), ("false", "false")])
TIME_OF_DAY = {
    "morning": vocabulary.PartOfDay.MORNING,
    "afternoon": vocabulary.PartOfDay.AFTERNOON,
    "evening": vocabulary.PartOfDay.EVENING,
}


class FinderPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        # DRF falls back to the default size on a bad value; we say what is wrong instead.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        field = forms.IntegerField(min_value=1, max_value=self.max_page_size)
        try:
            return field.clean(raw)
        except DjangoValidationError:
            message = _("page_size skal være et helt tal fra 1 til %(max)s.")
            raise ValidationError({"page_size": [message % {"max": self.max_page_size}]}) from None

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        place = getattr(self.request, "near_place", None)
        if place is not None:
            # Where `near` was found, so a caller can tell an address from a town's centre.
            response.data["near"] = place.as_dict()
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["near"] = {
            "type": "object",
            "description": "Where `near` was found (only with `near`): the place's name, "
            "its point and how precise it is.",
            "properties": {
                "label": {"type": "string", "example": "4990 Sakskøbing"},
                "latitude": {"type": "number", "example": 54.7971},
                "longitude": {"type": "number", "example": 11.6452},
                "precision": {
                    "type": "string",
                    "enum": ["address", "postcode", "town", "coordinates"],
                },
            },
        }
        return schema


# --- filters ------------------------------------------------------------------------------


class NearFilter(filters.CharFilter):
    field_class = NearField


class RadiusFilter(filters.NumberFilter):
    field_class = RadiusField


class YesNoFilter(filters.ChoiceFilter):
    """'true' or 'false', and nothing else (django-filter's BooleanFilter ignores typos)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", BOOLEAN_CHOICES)
        super().__init__(*args, **kwargs)


def _yes_no(value: str | None) -> bool | None:
    return None if not value else value == "true"


class StrictFilterSet(filters.FilterSet):
    """A FilterSet that refuses parameters it does not know, naming each of them."""

    # Parameters that are not filters but that the list endpoints understand.
    other_parameters = frozenset({"page", "page_size", "format"})

    def is_valid(self):
        valid = super().is_valid()
        unknown = sorted(set(self.data) - set(self.filters) - self.other_parameters)
        for name in unknown:
            self.form.errors[name] = self.form.error_class(
                [_("Ukendt parameter. Brug en af: %(names)s.") % {"names": self.known_names()}]
            )
        return valid and not unknown

    def known_names(self) -> str:
        return ", ".join(sorted([*self.filters, *self.other_parameters]))

    def place_and_radius(self):
        data = self.form.cleaned_data
        radius = data.get("radius_km")
        if self.request is not None:
            # The pagination says where `near` was found.
            self.request.near_place = data.get("near")
        return data.get("near"), DEFAULT_RADIUS_KM if radius is None else radius


class ActivityFilterSet(StrictFilterSet):
    near = NearFilter(
        label=_("Nær: en adresse, et postnummer, en by eller 'breddegrad,længdegrad'."),
    )
    radius_km = RadiusFilter(label=_("Afstand i km fra 'near' (standard 5, højst 50)."))
    category = filters.ChoiceFilter(
        choices=ConstantChoices(vocabulary.Category.choices),
        label=_("Kategori (aktivitetens slags)."),
    )
    interest = filters.MultipleChoiceFilter(
        choices=ConstantChoices(vocabulary.INTERESTS),
        label=_("Interesse; flere giver aktiviteter med mindst én."),
    )
    weekday = filters.MultipleChoiceFilter(
        choices=ConstantChoices((str(day.value), day.label) for day in vocabulary.Weekday),
        label=_("Ugedag, 0 = mandag ... 6 = søndag; flere er tilladt."),
    )
    time_of_day = filters.ChoiceFilter(
        choices=ConstantChoices(
            (key, vocabulary.PartOfDay(value).label) for key, value in TIME_OF_DAY.items()
        ),
        label=_("Tid på dagen: morning, afternoon eller evening."),
    )
    step_free = YesNoFilter(label=_("Trinfri adgang til mødestedet."))
    free = YesNoFilter(label=_("Gratis (true) eller med betaling (false)."))
    companion = YesNoFilter(label=_("En følgeven kan komme med."))
    organisation = filters.UUIDFilter(label=_("Organisationens id (uuid)."))
    q = filters.CharFilter(max_length=100, label=_("Fritekst i titel, beskrivelse og sted."))

    class Meta:
        model = Activity
        fields = []

    def activity_filters(self) -> ActivityFilters:
        data = self.form.cleaned_data
        time_of_day = data.get("time_of_day")
        return ActivityFilters(
            category=data.get("category") or None,
            interests=tuple(data.get("interest") or ()),
            weekdays=tuple(int(day) for day in data.get("weekday") or ()),
            time_of_day=TIME_OF_DAY[time_of_day] if time_of_day else None,
            step_free=_yes_no(data.get("step_free")),
            free=_yes_no(data.get("free")),
            companion=_yes_no(data.get("companion")),
            organisation=data.get("organisation"),
            text=data.get("q") or "",
        )

    def filter_queryset(self, queryset):
        # Filtering and nearby search are the selectors' job; this only translates. The
        # public list is the selectors' too, whatever queryset the view began with.
        place, radius = self.place_and_radius()
        if place is None:
            return filter_activities(public_activities(), self.activity_filters())
        return activities_near(point=place.point, radius_km=radius, filters=self.activity_filters())


class MeetingPlaceFilterSet(StrictFilterSet):
    near = ActivityFilterSet.base_filters["near"]
    radius_km = ActivityFilterSet.base_filters["radius_km"]
    step_free = YesNoFilter(label=_("Trinfri adgang."))
    organisation = filters.UUIDFilter(label=_("Værtsorganisationens id (uuid)."))
    q = filters.CharFilter(max_length=100, label=_("Fritekst i navn, adresse og by."))

    class Meta:
        model = MeetingPlace
        fields = []

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        step_free = _yes_no(data.get("step_free"))
        if step_free is not None:
            queryset = queryset.filter(step_free=step_free)
        if data.get("organisation"):
            queryset = queryset.filter(host__uuid=data["organisation"])
        for word in (data.get("q") or "").split():
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(street__icontains=word) | Q(town__icontains=word)
            )
        place, radius = self.place_and_radius()
        if place is None:
            return queryset
        return meeting_places_near(point=place.point, radius_km=radius, queryset=queryset)
