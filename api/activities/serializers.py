"""How the public finder shows activities and meeting places (no coordinator, volunteer
or citizen: what a notice board would show)."""

from functools import lru_cache

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetingplaces import vocabulary
from meetingplaces.models import Activity, MeetingPlace
from meetingplaces.selectors import activities_at, upcoming_cancellations

NEXT_DATES_SHOWN = 5


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
                _labels(get_language()),
                request.build_absolute_uri(base) if request else base,
            )
        return self._row_cache


@lru_cache(maxsize=8)
def _labels(language: str | None) -> dict[str, dict]:
    """The category and weekday labels in the active language, translated once per language."""
    return {
        "category": {k: str(v) for k, v in vocabulary.Category.choices},
        "weekday": {k: str(v) for k, v in vocabulary.Weekday.choices},
    }


class ActivityDetailSerializer(ActivitySerializer):
    schedule_text = serializers.SerializerMethodField(
        help_text=_("Hvornår, i ord: fx “hver anden onsdag”, “første tirsdag i måneden”.")
    )
    next_dates = serializers.SerializerMethodField()
    cancelled_dates = serializers.SerializerMethodField()
    ical_url = serializers.SerializerMethodField()

    class Meta(ActivitySerializer.Meta):
        fields = [
            *ActivitySerializer.Meta.fields,
            "description",
            "starts_on",
            "ends_on",
            "recurrence",
            "schedule_text",
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

    def get_schedule_text(self, obj) -> str:
        return obj.schedule.describe()

    def get_next_dates(self, obj) -> list[str]:
        dates = obj.upcoming_dates(now=timezone.now(), count=NEXT_DATES_SHOWN)
        return [day.isoformat() for day in dates]

    def get_cancelled_dates(self, obj) -> list[str]:
        """The dates it would have met on that are cancelled, or fall in a break."""
        today = timezone.localdate()
        schedule = obj.schedule
        days = {
            day
            for e in upcoming_cancellations(obj)
            for day in schedule.dates_between(
                anchor=obj.starts_on or today,
                start=max(e.date, today),
                end=e.last_date or e.date,
            )
        }
        return [day.isoformat() for day in sorted(days)]

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
