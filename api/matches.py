"""Matches for coordinators: the inbox as JSON, each step of a match as an action.

Only matches of the caller's organisations exist here (others answer 404). Citizen
details follow `matching.inbox.citizen_card`: contact details only once accepted. Matches
and self-referrals are read through `matching.access`, which writes the audit trail;
service errors become answers in api/exceptions.py.
"""

from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from matching import inbox, lifecycle, selectors, selfreferrals
from matching.access import access_match, record_shown
from matching.models import Citizen, Match, MatchStatusChange, SelfReferral
from meetingplaces.models import Activity
from security.cpr import refuse_cpr_number

from .permissions import IsCoordinator


class CitizenCardSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    postcode = serializers.CharField()
    mobility = serializers.CharField()
    companion_needed = serializers.BooleanField()
    interests = serializers.ListField(child=serializers.CharField())
    phone = serializers.CharField(
        allow_null=True, help_text="Only once the match is accepted; null before."
    )
    phone_holder = serializers.ChoiceField(
        choices=[*Citizen.PhoneHolder.choices, ("", "")],
        allow_null=True,
        help_text="Whom the phone reaches: the citizen or a relative ('' without a phone); "
        "null before the match is accepted.",
    )
    relative_name = serializers.CharField(
        allow_null=True,
        help_text="The relative's name when the phone is a relative's; null before the match "
        "is accepted.",
    )


class MatchReasonSerializer(serializers.Serializer):
    kind = serializers.CharField()
    value = serializers.JSONField()
    text = serializers.CharField()


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchStatusChange
        fields = ["from_status", "to_status", "changed_at", "happened_on", "note"]


class MatchActivitySerializer(serializers.ModelSerializer):
    weekday = serializers.CharField(source="get_weekday_display")
    start_time = serializers.TimeField(format="%H:%M")
    meeting_place = serializers.CharField(source="meeting_place.name")

    class Meta:
        model = Activity
        fields = ["id", "title", "weekday", "start_time", "meeting_place"]


class MatchSerializer(serializers.ModelSerializer):
    citizen = serializers.SerializerMethodField()
    activity = MatchActivitySerializer(read_only=True)
    reasons = MatchReasonSerializer(many=True)
    history = StepSerializer(many=True, read_only=True)

    class Meta:
        model = Match
        fields = [
            "id",
            "status",
            "score",
            "reasons",
            "citizen",
            "activity",
            "organisation",
            "coordinator",
            "companion",
            "decline_reason",
            "created_at",
            "status_changed_at",
            "history",
        ]

    @extend_schema_field(CitizenCardSerializer)
    def get_citizen(self, match) -> dict:
        return CitizenCardSerializer(inbox.citizen_card(match)).data


class AcceptSerializer(serializers.Serializer):
    companion = serializers.IntegerField(
        required=False, allow_null=True, help_text="Id of a suggested companion volunteer."
    )


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, validators=[refuse_cpr_number])


class HandOverSerializer(serializers.Serializer):
    coordinator = serializers.IntegerField(
        help_text="User id of a coordinator of the organisation."
    )


class StepDateSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="The day it happened (default: today).")
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=300, validators=[refuse_cpr_number]
    )


class CompanionOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="volunteer.pk")
    first_name = serializers.CharField(source="volunteer.first_name")
    has_car = serializers.BooleanField(source="volunteer.has_car")
    distance_km = serializers.FloatField()
    places_left = serializers.IntegerField()


class MatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The coordinator's matches; filter with ?status=proposed (or accepted, ...)."""

    serializer_class = MatchSerializer
    permission_classes = [permissions.IsAuthenticated, IsCoordinator]
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.matches_of(self.request.user).prefetch_related("history")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return record_shown(self.request.user, page or [], view="api:match-list")

    def get_object(self):
        """The match, through `access_match` (audited; another organisation's is 404)."""
        view = f"api:{self.request.resolver_match.url_name}"
        return access_match(self.request.user, self.kwargs["pk"], view=view)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    def _fresh(self, match):
        """The match as the service left it (read in this request, audited above)."""
        return Response(self.get_serializer(self.get_queryset().get(pk=match.pk)).data)

    @extend_schema(request=AcceptSerializer, responses={200: MatchSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, *args, **kwargs):
        """Accept a proposal (optionally with a companion); 409 when no seat is left."""
        match = self.get_object()
        data = AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lifecycle.accept_match(
            match_id=match.pk, by=request.user, companion_id=data.validated_data.get("companion")
        )
        return self._fresh(match)

    @extend_schema(
        request=DeclineSerializer,
        responses={
            200: inline_serializer(
                "DeclineResult",
                {"declined": MatchSerializer(), "next": MatchSerializer(allow_null=True)},
            )
        },
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, *args, **kwargs):
        """Decline with a reason; the citizen's next best proposal follows (or null)."""
        match = self.get_object()
        data = DeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        following = lifecycle.decline_match(
            match_id=match.pk, by=request.user, reason=data.validated_data["reason"]
        )
        declined = self.get_queryset().get(pk=match.pk)
        next_data = None
        # The next proposal may go to another organisation: shown only to its own. It is
        # the same citizen, whose read the decline has audited.
        following = following and self.get_queryset().filter(pk=following.pk).first()
        if following is not None:
            next_data = self.get_serializer(following).data
        return Response({"declined": self.get_serializer(declined).data, "next": next_data})

    @extend_schema(request=HandOverSerializer, responses={200: MatchSerializer})
    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request, *args, **kwargs):
        """Give the match to another coordinator of the organisation."""
        match = self.get_object()
        data = HandOverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lifecycle.hand_over(
            match_id=match.pk, by=request.user, to_id=data.validated_data["coordinator"]
        )
        return self._fresh(match)

    def _step(self, request, step: str):
        match = self.get_object()
        data = StepDateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lifecycle.record_step(
            match_id=match.pk,
            by=request.user,
            step=step,
            on=data.validated_data.get("on"),
            note=data.validated_data.get("note", ""),
        )
        return self._fresh(match)

    @extend_schema(request=StepDateSerializer, responses={200: MatchSerializer})
    @action(detail=True, methods=["post"])
    def contacted(self, request, *args, **kwargs):
        """Record that the citizen was contacted."""
        return self._step(request, Match.Status.CONTACTED)

    @extend_schema(request=StepDateSerializer, responses={200: MatchSerializer})
    @action(detail=True, methods=["post"], url_path="first-visit")
    def first_visit(self, request, *args, **kwargs):
        """Record the citizen's first visit at the activity."""
        return self._step(request, Match.Status.FIRST_VISIT)

    @extend_schema(request=StepDateSerializer, responses={200: MatchSerializer})
    @action(detail=True, methods=["post"])
    def participating(self, request, *args, **kwargs):
        """Record that the citizen takes part regularly."""
        return self._step(request, Match.Status.PARTICIPATING)

    @extend_schema(request=StepDateSerializer, responses={200: MatchSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        """End an accepted match."""
        return self._step(request, Match.Status.ENDED)

    @extend_schema(responses={200: CompanionOptionSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def companions(self, request, *args, **kwargs):
        """Companions nearby and free at the activity's time, nearest first."""
        match = self.get_object()
        return Response(
            CompanionOptionSerializer(selectors.companions_for(match=match), many=True).data
        )


class SelfReferralSerializer(serializers.ModelSerializer):
    activity_title = serializers.CharField(source="activity.title", read_only=True)

    class Meta:
        model = SelfReferral
        fields = [
            "id",
            "activity",
            "activity_title",
            "first_name",
            "phone",
            "email",
            "postcode",
            "consent_given_at",
            "status",
            "created_at",
        ]


class SelfReferralViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """New self-referrals to the activities of the caller's organisations."""

    serializer_class = SelfReferralSerializer
    permission_classes = [permissions.IsAuthenticated, IsCoordinator]

    def get_queryset(self):
        return selectors.self_referrals_of(self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return record_shown(self.request.user, page or [], view="api:self-referral-list")

    @extend_schema(request=None, responses={200: SelfReferralSerializer})
    @action(detail=True, methods=["post"])
    def handled(self, request, *args, **kwargs):
        """Mark a self-referral as handled."""
        referral = selfreferrals.mark_referral_handled(referral_id=kwargs["pk"], by=request.user)
        return Response(self.get_serializer(referral).data)
