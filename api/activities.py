"""The public, read-only API of the activity finder: activities and meeting places.

Anyone may read it (no login). It shows what a notice board would: never a coordinator,
volunteer or citizen. Unknown or invalid query parameters give 400 with a message per
parameter, in the language of the request.
"""

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from api.caching import public_caching
from integrations.authentication import ApiTokenAuthentication
from meetingplaces import vocabulary
from meetingplaces.models import Activity, MeetingPlace
from meetingplaces.search import NearField, RadiusField
from meetingplaces.selectors import (
    DEFAULT_RADIUS_KM,
    ActivityFilters,
    activities_at,
    activities_near,
    filter_activities,
    meeting_places_near,
    public_activities,
    public_meeting_places,
)

from .pagination import PageNumberPagination

NEXT_DATES_SHOWN = 5
BOOLEAN_CHOICES = [("true", "true"), ("false", "false")]
TIME_OF_DAY = {
    "morning": vocabulary.PartOfDay.MORNING,
    "afternoon": vocabulary.PartOfDay.AFTERNOON,
    "evening": vocabulary.PartOfDay.EVENING,
}


# --- pagination -------------------------------------------------------------------------


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
        choices=vocabulary.Category.choices, label=_("Kategori (aktivitetens slags).")
    )
    interest = filters.MultipleChoiceFilter(
        choices=vocabulary.INTERESTS, label=_("Interesse; flere giver aktiviteter med mindst én.")
    )
    weekday = filters.MultipleChoiceFilter(
        choices=[(str(day.value), day.label) for day in vocabulary.Weekday],
        label=_("Ugedag, 0 = mandag ... 6 = søndag; flere er tilladt."),
    )
    time_of_day = filters.ChoiceFilter(
        choices=[(key, vocabulary.PartOfDay(value).label) for key, value in TIME_OF_DAY.items()],
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
        # Filtering and nearby search are the selectors' job; this only translates.
        place, radius = self.place_and_radius()
        if place is None:
            return filter_activities(queryset, self.activity_filters())
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


# --- serializers --------------------------------------------------------------------------


class OrganisationSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    name = serializers.CharField()
    website = serializers.URLField(allow_blank=True)


class PlaceSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    name = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    town = serializers.CharField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    step_free = serializers.BooleanField()


class DistanceMixin(serializers.Serializer):
    distance_km = serializers.SerializerMethodField(
        help_text=_("Afstand fra 'near' i km; null uden 'near'.")
    )

    def get_distance_km(self, obj) -> float | None:
        distance = getattr(obj, "distance_km", None)
        return None if distance is None else round(distance, 3)


class ActivitySerializer(DistanceMixin, serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="activity-detail", lookup_field="uuid", read_only=True
    )
    category_label = serializers.CharField(source="get_category_display")
    interests = serializers.SerializerMethodField()
    weekday_label = serializers.CharField(source="get_weekday_display")
    is_free = serializers.BooleanField()
    meeting_place = PlaceSummarySerializer()
    organisation = OrganisationSummarySerializer()
    next_date = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "url",
            "title",
            "category",
            "category_label",
            "interests",
            "weekday",
            "weekday_label",
            "start_time",
            "end_time",
            "price",
            "is_free",
            "audience",
            "companion_available",
            "meeting_place",
            "organisation",
            "distance_km",
            "next_date",
        ]

    def get_interests(self, obj) -> list[str]:
        return vocabulary.mask_to_interests(obj.interests)

    def get_next_date(self, obj) -> str | None:
        dates = obj.upcoming_dates(now=timezone.now(), count=1)
        return dates[0].isoformat() if dates else None

    def to_representation(self, obj):
        """The row built directly, with the fields declared above.

        A list page is the finder's hot path, and DRF's field-by-field path (with Django's
        get_FOO_display, which hashes the lazily translated choices on every call) was most
        of its cost (benchmarks/README.md, the load benchmark). ActivityDetailSerializer
        keeps DRF's path, and a test asserts that both give the same values.
        """
        now, labels, base_url = self._row_context()
        place = obj.meeting_place
        organisation = obj.organisation
        cancelled = getattr(obj, "cancelled_dates", None)
        next_dates = obj.upcoming_dates(now=now, count=1, cancelled=cancelled)
        distance = getattr(obj, "distance_km", None)
        return {
            "id": str(obj.uuid),
            "url": f"{base_url}{obj.uuid}/",
            "title": obj.title,
            "category": obj.category,
            "category_label": labels["category"].get(obj.category, obj.category),
            "interests": vocabulary.mask_to_interests(obj.interests),
            "weekday": obj.weekday,
            "weekday_label": labels["weekday"][obj.weekday],
            "start_time": obj.start_time.isoformat(),
            "end_time": obj.end_time.isoformat(),
            "price": f"{obj.price:.2f}",
            "is_free": obj.is_free,
            "audience": obj.audience,
            "companion_available": obj.companion_available,
            "meeting_place": self._place(place),
            "organisation": self._organisation(organisation),
            "distance_km": None if distance is None else round(distance, 3),
            "next_date": next_dates[0].isoformat() if next_dates else None,
        }

    @staticmethod
    def _place(place) -> dict:
        return {
            "id": str(place.uuid),
            "name": place.name,
            "address": place.address,
            "postcode": place.postcode,
            "town": place.town,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "step_free": place.step_free,
        }

    @staticmethod
    def _organisation(organisation) -> dict:
        return {
            "id": str(organisation.uuid),
            "name": organisation.name,
            "website": organisation.website,
        }

    def _row_context(self):
        # Once per page: the list serializer shares one child serializer for every row.
        if not hasattr(self, "_row_cache"):
            request = self.context.get("request")
            base = reverse("activity-list")
            self._row_cache = (
                timezone.now(),
                {
                    "category": {k: str(v) for k, v in vocabulary.Category.choices},
                    "weekday": {k: str(v) for k, v in vocabulary.Weekday.choices},
                },
                request.build_absolute_uri(base) if request else base,
            )
        return self._row_cache


class ActivityDetailSerializer(ActivitySerializer):
    next_dates = serializers.SerializerMethodField()
    cancelled_dates = serializers.SerializerMethodField()
    ical_url = serializers.SerializerMethodField()

    class Meta(ActivitySerializer.Meta):
        fields = [
            *ActivitySerializer.Meta.fields,
            "description",
            "starts_on",
            "ends_on",
            "capacity",
            "contact_name",
            "contact_phone",
            "contact_email",
            "next_dates",
            "cancelled_dates",
            "ical_url",
        ]

    def to_representation(self, obj):
        return serializers.ModelSerializer.to_representation(self, obj)

    def get_next_dates(self, obj) -> list[str]:
        dates = obj.upcoming_dates(now=timezone.now(), count=NEXT_DATES_SHOWN)
        return [day.isoformat() for day in dates]

    def get_cancelled_dates(self, obj) -> list[str]:
        today = timezone.localdate()
        return [e.date.isoformat() for e in obj.exceptions.all() if e.date >= today]

    def get_ical_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("frontend:activity-ical", args=[obj.uuid])
        )


class MeetingPlaceSerializer(DistanceMixin, serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="meeting-place-detail", lookup_field="uuid", read_only=True
    )
    address = serializers.CharField()
    host = OrganisationSummarySerializer(allow_null=True)
    municipality = serializers.CharField(source="municipality.name")

    class Meta:
        model = MeetingPlace
        fields = [
            "id",
            "url",
            "name",
            "address",
            "street",
            "postcode",
            "town",
            "municipality",
            "latitude",
            "longitude",
            "step_free",
            "accessible_toilet",
            "parking",
            "public_transport",
            "opening_hours",
            "phone",
            "email",
            "host",
            "distance_km",
        ]


class PlaceActivitySerializer(ActivitySerializer):
    class Meta(ActivitySerializer.Meta):
        fields = [f for f in ActivitySerializer.Meta.fields if f != "meeting_place"]


class MeetingPlaceDetailSerializer(MeetingPlaceSerializer):
    description = serializers.CharField()
    activities = serializers.SerializerMethodField()

    class Meta(MeetingPlaceSerializer.Meta):
        fields = [*MeetingPlaceSerializer.Meta.fields, "description", "activities"]

    @extend_schema_field(PlaceActivitySerializer(many=True))
    def get_activities(self, obj):
        activities = activities_at(meeting_place=obj)
        return PlaceActivitySerializer(activities, many=True, context=self.context).data


# --- views --------------------------------------------------------------------------------


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    # Public: no session, so no CSRF and no per-user content; a system's key is read only
    # for its rate (a website's key reads faster than an anonymous visitor).
    authentication_classes = [ApiTokenAuthentication]
    pagination_class = FinderPagination
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"  # anything else is a plain 404

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = ValidationError(exc.messages)
        return super().handle_exception(exc)


@method_decorator(public_caching, name="dispatch")
class ActivityViewSet(PublicReadOnlyViewSet):
    """Activities open to everyone. With `near`, sorted by distance, each with distance_km."""

    queryset = Activity.objects.none()
    filterset_class = ActivityFilterSet

    def get_queryset(self):
        return public_activities()

    def get_serializer_class(self):
        return ActivityDetailSerializer if self.action == "retrieve" else ActivitySerializer

    def filter_queryset(self, queryset):
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)


@method_decorator(public_caching, name="dispatch")
class MeetingPlaceViewSet(PublicReadOnlyViewSet):
    """Open meeting places. With `near`, sorted by distance, each with distance_km."""

    queryset = MeetingPlace.objects.none()
    filterset_class = MeetingPlaceFilterSet

    def get_queryset(self):
        return public_meeting_places()

    def get_serializer_class(self):
        return MeetingPlaceDetailSerializer if self.action == "retrieve" else MeetingPlaceSerializer

    def filter_queryset(self, queryset):
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)
