"""Citizens flagged by home care, for staff of their team: list, read, flag, re-screen and
suggestions. Bodies are validated by the same Django forms as the pages, so a rule and its
Danish message are the same everywhere. Citizens are read through `matching.access`, which
writes the audit trail."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from matching import selectors, services
from matching.access import access_citizen, record_shown
from matching.forms import FlagCitizenForm, ScreeningForm, loneliness_meaning
from matching.models import Citizen, Match, Screening
from meetingplaces.models import Activity
from meetingplaces.vocabulary import INTEREST_SLUGS, mask_to_interests, mask_to_slots

from .permissions import IsHomeCareStaff


@extend_schema_field({"type": "array", "items": {"type": "string", "enum": list(INTEREST_SLUGS)}})
class InterestListField(serializers.Field):
    def to_representation(self, value):
        return mask_to_interests(value)


@extend_schema_field({"type": "array", "items": {"type": "array", "items": {"type": "integer"}}})
class SlotListField(serializers.Field):
    """A weekly slot set as [[weekday 0-6, part of day 0-2], ...]."""

    def to_representation(self, value):
        return [list(slot) for slot in mask_to_slots(value)]


class ScreeningSerializer(serializers.ModelSerializer):
    total = serializers.IntegerField(read_only=True)
    meaning = serializers.SerializerMethodField()

    class Meta:
        model = Screening
        fields = [
            "id",
            "kind",
            "taken_on",
            "lacks_companionship",
            "feels_left_out",
            "feels_isolated",
            "total",
            "meaning",
        ]

    def get_meaning(self, screening) -> str:
        return loneliness_meaning(screening.total)


class MatchSummarySerializer(serializers.ModelSerializer):
    activity = serializers.CharField(source="activity.title")
    # Plain text here: the match lifecycle's own endpoints document its statuses.
    status = serializers.CharField(help_text="Match.Status")

    class Meta:
        model = Match
        fields = ["id", "activity", "status", "score", "reasons", "created_at"]


class CitizenSerializer(serializers.ModelSerializer):
    interests = InterestListField()
    preferred_slots = SlotListField()

    class Meta:
        model = Citizen
        fields = [
            "id",
            "care_reference",
            "first_name",
            "postcode",
            "status",
            "waiting_since",
            "mobility",
            "max_distance_km",
            "interests",
            "preferred_slots",
            "companion_needed",
            "gender",
            "language",
            "consent_method",
            "consent_given_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CitizenDetailSerializer(CitizenSerializer):
    screenings = ScreeningSerializer(many=True, read_only=True)
    matches = MatchSummarySerializer(many=True, read_only=True)

    class Meta(CitizenSerializer.Meta):
        fields = [*CitizenSerializer.Meta.fields, "notes", "screenings", "matches"]
        read_only_fields = fields


class ReasonSerializer(serializers.Serializer):
    kind = serializers.CharField()
    value = serializers.JSONField()
    text = serializers.CharField()


class SuggestedActivitySerializer(serializers.ModelSerializer):
    meeting_place = serializers.CharField(source="meeting_place.name")
    address = serializers.CharField(source="meeting_place.address")
    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = Activity
        fields = [
            "id",
            "uuid",
            "title",
            "meeting_place",
            "address",
            "organisation",
            "weekday",
            "start_time",
            "end_time",
        ]


class SuggestionSerializer(serializers.Serializer):
    activity = SuggestedActivitySerializer()
    score = serializers.FloatField()
    distance_km = serializers.FloatField()
    reasons = ReasonSerializer(many=True)


class FlagCitizenRequest(serializers.Serializer):
    """The body of POST /citizens/ (documentation; FlagCitizenForm validates it)."""

    care_reference = serializers.CharField(max_length=50)
    first_name = serializers.CharField(max_length=50)
    address = serializers.CharField(max_length=200, help_text="Adresse, postnummer eller by.")
    lacks_companionship = serializers.ChoiceField(choices=Screening.Answer.choices)
    feels_left_out = serializers.ChoiceField(choices=Screening.Answer.choices)
    feels_isolated = serializers.ChoiceField(choices=Screening.Answer.choices)
    interests = serializers.ListField(
        child=serializers.ChoiceField(choices=INTEREST_SLUGS), required=False
    )
    mobility = serializers.ChoiceField(choices=Citizen.Mobility.choices)
    max_distance_km = serializers.ChoiceField(choices=["0.5", "1", "2", "3", "5", "10", "20"])
    weekdays = serializers.ListField(child=serializers.IntegerField(), required=False)
    parts_of_day = serializers.ListField(child=serializers.IntegerField(), required=False)
    companion_needed = serializers.BooleanField(required=False)
    gender = serializers.ChoiceField(choices=Citizen.Gender.choices, required=False)
    language = serializers.CharField(required=False)
    notes = serializers.CharField(required=False)
    consent_given = serializers.BooleanField()
    consent_method = serializers.ChoiceField(choices=Citizen.ConsentMethod.choices)


class ScreeningRequest(serializers.Serializer):
    """The body of POST /citizens/{id}/screenings/ (documentation; ScreeningForm validates)."""

    kind = serializers.ChoiceField(choices=["week_8", "week_12"])
    taken_on = serializers.DateField()
    lacks_companionship = serializers.ChoiceField(choices=Screening.Answer.choices)
    feels_left_out = serializers.ChoiceField(choices=Screening.Answer.choices)
    feels_isolated = serializers.ChoiceField(choices=Screening.Answer.choices)


def form_data(request) -> dict:
    """The body as the forms take it: a JSON object or form fields."""
    if not isinstance(request.data, dict):
        raise ValidationError({"non_field_errors": [_("Send et JSON-objekt med felterne.")]})
    return request.data


def form_errors(form) -> ValidationError:
    return ValidationError(
        {
            ("non_field_errors" if field == "__all__" else field): [e["message"] for e in errors]
            for field, errors in form.errors.get_json_data().items()
        }
    )


class CitizenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The citizens of the caller's home-care teams; anyone else's answer 404."""

    permission_classes = [IsHomeCareStaff]
    lookup_value_converter = "uuid"

    def get_queryset(self):
        if self.action == "list":
            return selectors.citizens_of_teams(self.request.user)
        return selectors.citizens_visible_to(self.request.user).prefetch_related(
            "screenings", "matches__activity"
        )

    def get_serializer_class(self):
        return CitizenSerializer if self.action == "list" else CitizenDetailSerializer

    def get_object(self):
        """The citizen, through `access_citizen` (audited; another team's is 404)."""
        view = f"api:{self.request.resolver_match.url_name}"
        return access_citizen(self.request.user, self.kwargs["pk"], view=view)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        page = record_shown(request.user, page, view="api:citizen-list")
        return self.get_paginated_response(CitizenSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(CitizenDetailSerializer(self.get_object()).data)

    @extend_schema(request=FlagCitizenRequest, responses={201: CitizenDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Flag a citizen, with consent and a baseline screening."""
        form = FlagCitizenForm(data=form_data(request))
        if not form.is_valid():
            raise form_errors(form)
        citizen = services.flag_citizen(
            by=request.user,
            screening=form.items(),
            view="api:citizen-create",
            **form.citizen_fields(),
        )
        citizen = self.get_queryset().get(pk=citizen.pk)
        return Response(CitizenDetailSerializer(citizen).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ScreeningRequest, responses={201: ScreeningSerializer})
    @action(detail=True, methods=["post"])
    def screenings(self, request, *args, **kwargs):
        """A follow-up screening at 8 or 12 weeks."""
        citizen = self.get_object()
        form = ScreeningForm(data=form_data(request), citizen=citizen)
        if not form.is_valid():
            raise form_errors(form)
        screening = form.record(by=request.user, view="api:citizen-screenings")
        return Response(ScreeningSerializer(screening).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=SuggestionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def suggestions(self, request, *args, **kwargs):
        """The best activities for the citizen now, each with its reasons."""
        citizen = self.get_object()
        pairs = selectors.activities_for_suggestions(selectors.suggest_activities(citizen))
        data = [
            {
                "activity": activity,
                "score": suggestion.score,
                "distance_km": suggestion.distance_km,
                "reasons": [reason.as_dict() for reason in suggestion.reasons],
            }
            for suggestion, activity in pairs
        ]
        return Response(SuggestionSerializer(data, many=True).data)
