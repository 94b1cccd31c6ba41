"""The entries their owners keep, through the API: a coordinator's organisation's
activities and meeting places, a municipality admin's municipality's. The same services as
the pages (meetingplaces.entries); another organisation's entry answers 404.

Each write has one input serializer, which is also its schema; answers use the output
serializers.
"""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from meetingplaces import vocabulary
from meetingplaces.entries import selectors, services
from meetingplaces.models import (
    Activity,
    ActivityException,
    MeetingPlace,
    Municipality,
    Organisation,
)
from meetingplaces.selectors import upcoming_cancellations
from security.cpr import refuse_cpr_number

from ..permissions import IsEntryKeeper
from ..volunteers import InterestsList

# --- input ---------------------------------------------------------------------------------


class _ScopedUUIDField(serializers.SlugRelatedField):
    """An organisation, place or municipality by its uuid (or slug), among those the caller
    keeps: any other is "does not exist"."""

    def __init__(self, scope, model, **kwargs):
        self.scope = scope
        super().__init__(queryset=model.objects.none(), **kwargs)

    def get_queryset(self):
        return self.scope(self.context["request"].user)


class ActivityInputSerializer(serializers.ModelSerializer):
    organisation = _ScopedUUIDField(
        selectors.organisations_kept_by, Organisation, slug_field="uuid"
    )
    meeting_place = _ScopedUUIDField(
        selectors.places_for_activities, MeetingPlace, slug_field="uuid"
    )
    interests = InterestsList(required=False)
    recurrence = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        validators=[refuse_cpr_number],
        help_text="One RFC 5545 line: empty (every week on `weekday`), "
        "`RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE`, `RRULE:FREQ=MONTHLY;BYDAY=1TU` "
        "(-1TU: the last) or `RDATE;VALUE=DATE:20261203,20261217`.",
    )
    weekday = serializers.ChoiceField(
        choices=vocabulary.Weekday.choices,
        required=False,
        help_text="0 = Monday … 6 = Sunday; taken from the rule when it has one.",
    )

    class Meta:
        model = Activity
        fields = list(services.ACTIVITY_FIELDS)
        validators = []  # the service explains uniqueness in plain words


class CancellationInputSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The cancelled date, or a break's first day.")
    last_date = serializers.DateField(
        required=False, allow_null=True, help_text="A break's last day."
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=200, validators=[refuse_cpr_number]
    )


class MeetingPlaceInputSerializer(serializers.ModelSerializer):
    municipality = _ScopedUUIDField(
        selectors.municipalities_kept_by, Municipality, slug_field="slug"
    )
    host = _ScopedUUIDField(
        selectors.organisations_kept_by,
        Organisation,
        slug_field="uuid",
        required=False,
        allow_null=True,
    )

    class Meta:
        model = MeetingPlace
        fields = list(services.PLACE_FIELDS)
        validators = []


# --- output --------------------------------------------------------------------------------


class CancellationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityException
        fields = ["id", "date", "last_date", "reason"]


class EntryActivitySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid")
    organisation = serializers.UUIDField(source="organisation.uuid")
    meeting_place = serializers.UUIDField(source="meeting_place.uuid")
    interests = InterestsList()
    schedule_text = serializers.SerializerMethodField()
    freshness = serializers.SerializerMethodField(
        help_text="fresh, due (owners are asked), unverified (marked) or hidden."
    )
    public_url = serializers.SerializerMethodField()
    cancellations = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            *services.ACTIVITY_FIELDS,
            "schedule_text",
            "last_verified_on",
            "freshness",
            "public_url",
            "cancellations",
        ]

    def get_schedule_text(self, obj) -> str:
        return obj.schedule.describe()

    def get_freshness(self, obj) -> str:
        return obj.freshness(today=timezone.localdate())

    def get_public_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("frontend:activity", args=[obj.uuid])
        )

    @extend_schema_field(CancellationSerializer(many=True))
    def get_cancellations(self, obj) -> list[dict]:
        return CancellationSerializer(upcoming_cancellations(obj), many=True).data


class EntryMeetingPlaceSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid")
    municipality = serializers.CharField(source="municipality.slug")
    host = serializers.UUIDField(source="host.uuid", allow_null=True, default=None)

    class Meta:
        model = MeetingPlace
        fields = ["id", *services.PLACE_FIELDS, "latitude", "longitude"]


# --- views ---------------------------------------------------------------------------------


class _EntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticated, IsEntryKeeper]
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"

    def _answer(self, instance, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(fresh).data, status=code)


class EntryActivityViewSet(_EntryViewSet):
    """The activities the caller keeps (others answer 404)."""

    serializer_class = EntryActivitySerializer

    def get_queryset(self):
        return selectors.activities_kept_by(self.request.user).prefetch_related("exceptions")

    def _save(self, request, *, activity=None, partial=False, code=status.HTTP_200_OK):
        given = ActivityInputSerializer(
            data=request.data, partial=partial, context={"request": request}
        )
        given.is_valid(raise_exception=True)
        saved = services.save_activity(
            by=request.user, data=given.validated_data, activity=activity
        )
        return self._answer(saved, code)

    @extend_schema(request=ActivityInputSerializer, responses={201: EntryActivitySerializer})
    def create(self, request, *args, **kwargs):
        return self._save(request, code=status.HTTP_201_CREATED)

    @extend_schema(request=ActivityInputSerializer, responses={200: EntryActivitySerializer})
    def update(self, request, *args, **kwargs):
        return self._save(request, activity=self.get_object())

    @extend_schema(request=ActivityInputSerializer, responses={200: EntryActivitySerializer})
    def partial_update(self, request, *args, **kwargs):
        return self._save(request, activity=self.get_object(), partial=True)

    @extend_schema(request=None, responses={200: EntryActivitySerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request, *args, **kwargs):
        """Its owners say the entry is still right ("Stadig korrekt")."""
        return self._answer(services.verify_activity(by=request.user, activity=self.get_object()))

    @extend_schema(request=CancellationInputSerializer, responses={201: EntryActivitySerializer})
    @action(detail=True, methods=["post"])
    def cancellations(self, request, *args, **kwargs):
        """Cancel one date (with a reason), or hold a break from `date` to `last_date`."""
        activity = self.get_object()
        given = CancellationInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        services.cancel(
            by=request.user,
            activity=activity,
            first=data["date"],
            last=data.get("last_date"),
            reason=data.get("reason", ""),
        )
        return self._answer(activity, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path="cancellations/(?P<cancellation_id>[0-9]+)",
        url_name="cancellation",
    )
    def remove_cancellation(self, request, cancellation_id, *args, **kwargs):
        """Take a cancellation or break back."""
        services.remove_cancellation(
            by=request.user, activity=self.get_object(), cancellation_id=int(cancellation_id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class EntryMeetingPlaceViewSet(_EntryViewSet):
    """The meeting places the caller keeps (others answer 404); a new or changed address
    is placed by the geocoder."""

    serializer_class = EntryMeetingPlaceSerializer

    def get_queryset(self):
        return selectors.places_kept_by(self.request.user)

    def _save(self, request, *, place=None, partial=False, code=status.HTTP_200_OK):
        given = MeetingPlaceInputSerializer(
            data=request.data, partial=partial, context={"request": request}
        )
        given.is_valid(raise_exception=True)
        saved = services.save_meeting_place(by=request.user, data=given.validated_data, place=place)
        return self._answer(saved, code)

    @extend_schema(
        request=MeetingPlaceInputSerializer, responses={201: EntryMeetingPlaceSerializer}
    )
    def create(self, request, *args, **kwargs):
        return self._save(request, code=status.HTTP_201_CREATED)

    @extend_schema(
        request=MeetingPlaceInputSerializer, responses={200: EntryMeetingPlaceSerializer}
    )
    def update(self, request, *args, **kwargs):
        return self._save(request, place=self.get_object())

    @extend_schema(
        request=MeetingPlaceInputSerializer, responses={200: EntryMeetingPlaceSerializer}
    )
    def partial_update(self, request, *args, **kwargs):
        return self._save(request, place=self.get_object(), partial=True)
