"""Citizens flagged by home care, for staff of their team: list, read, flag, re-screen and
suggestions. Bodies are validated by the same Django forms as the pages, so a rule and its
Danish message are the same everywhere. Citizens are read through `matching.access`, which
writes the audit trail."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from matching import selectors, services
from matching.access import access_citizen, record_shown
from matching.forms import FlagCitizenForm, ScreeningForm, loneliness_meaning
from matching.models import Citizen, Match, Screening
from matching.privacy import withdraw_consent
from meetingplaces.models import Activity

from .fields import InterestsList, SlotsList
from .form_input import FormInputSerializer
from .permissions import IsHomeCareStaff


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
    interests = InterestsList()
    preferred_slots = SlotsList()

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


class FlagCitizenInput(FormInputSerializer):
    """The body of POST /citizens/: the page's form, its rules and messages."""

    form_class = FlagCitizenForm


class ScreeningInput(FormInputSerializer):
    """The body of POST /citizens/{id}/screenings/: the page's form."""

    form_class = ScreeningForm


class WithdrawConsentInput(serializers.Serializer):
    """The body of POST /citizens/{id}/withdraw-consent/: the caller confirms, since the
    erasure cannot be undone."""

    confirm = serializers.BooleanField(
        help_text="true: the citizen has withdrawn their consent; erase the record now."
    )

    def validate_confirm(self, value):
        if value is not True:
            raise serializers.ValidationError(
                _("Bekræft med confirm: true, at borgeren trækker samtykket.")
            )
        return value


class WithdrawnSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    consent_withdrawn_at = serializers.DateTimeField()
    anonymised_at = serializers.DateTimeField()
    withdrawn_matches = serializers.IntegerField(
        help_text="Open matches ended (status withdrawn) by the withdrawal."
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

    @extend_schema(request=FlagCitizenInput, responses={201: CitizenDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Flag a citizen, with consent and a baseline screening."""
        body = FlagCitizenInput(data=request.data)
        body.is_valid(raise_exception=True)
        form = body.form
        citizen = services.flag_citizen(
            by=request.user,
            screening=form.items(),
            view="api:citizen-create",
            **form.citizen_fields(),
        )
        citizen = self.get_queryset().get(pk=citizen.pk)
        return Response(CitizenDetailSerializer(citizen).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ScreeningInput, responses={201: ScreeningSerializer})
    @action(detail=True, methods=["post"])
    def screenings(self, request, *args, **kwargs):
        """A follow-up screening at 8 or 12 weeks."""
        citizen = self.get_object()
        body = ScreeningInput(data=request.data, context={"form_kwargs": {"citizen": citizen}})
        body.is_valid(raise_exception=True)
        screening = body.form.record(by=request.user, view="api:citizen-screenings")
        return Response(ScreeningSerializer(screening).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WithdrawConsentInput, responses={200: WithdrawnSerializer})
    @action(detail=True, methods=["post"], url_path="withdraw-consent")
    def withdraw_consent(self, request, *args, **kwargs):
        """The citizen withdraws consent: open matches end and the record is erased at once
        (audited). It cannot be undone; afterwards the citizen answers 404."""
        citizen = self.get_object()
        WithdrawConsentInput(data=request.data).is_valid(raise_exception=True)
        open_matches = citizen.matches.filter(status__in=Match.OPEN).count()
        erased = withdraw_consent(
            citizen=citizen,
            by=request.user,
            reason="samtykke trukket tilbage via API",
            view="api:citizen-withdraw-consent",
        )
        data = {
            "id": erased.pk,
            "consent_withdrawn_at": erased.consent_withdrawn_at,
            "anonymised_at": erased.anonymised_at,
            "withdrawn_matches": open_matches,
        }
        return Response(WithdrawnSerializer(data).data)

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
