"""Relatives' requests for a mentor, for coordinators: the list of their organisations'
requests, each with its suggested mentors, and accept, decline and hand over as actions.

Only requests of the caller's organisations exist here (others answer 404). Every read
goes through `mentors.access` (audited); the relative's phone and e-mail are null until a
mentor is found. Service errors become answers in api/exceptions.py.
"""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mentors import selectors, services
from mentors.access import access_mentor_request, record_requests_shown, requests_coordinated_by
from mentors.models import MentorRequest

from .permissions import IsCoordinator


class MentorReasonSerializer(serializers.Serializer):
    kind = serializers.CharField()
    value = serializers.JSONField()
    text = serializers.CharField()


class MentorSuggestionSerializer(serializers.Serializer):
    mentor = serializers.IntegerField(help_text="Id of the mentor offer.")
    first_name = serializers.CharField()
    score = serializers.FloatField()
    reasons = MentorReasonSerializer(many=True)


class MentorRequestSerializer(serializers.ModelSerializer):
    phone = serializers.SerializerMethodField(help_text="Null until a mentor is found.")
    email = serializers.SerializerMethodField(help_text="Null until a mentor is found.")
    mentor_first_name = serializers.CharField(
        source="mentor.volunteer.first_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = MentorRequest
        fields = [
            "id",
            "status",
            "first_name",
            "phone",
            "email",
            "postcode",
            "relation",
            "illness",
            "ways",
            "preferred_slots",
            "organisation",
            "coordinator",
            "mentor",
            "mentor_first_name",
            "decline_category",
            "created_at",
            "accepted_at",
            "status_changed_at",
        ]

    def get_phone(self, request) -> str | None:
        return request.phone if request.shows_contact else None

    def get_email(self, request) -> str | None:
        return request.email if request.shows_contact else None


class MentorRequestDetailSerializer(MentorRequestSerializer):
    suggestions = serializers.SerializerMethodField()

    class Meta(MentorRequestSerializer.Meta):
        fields = [*MentorRequestSerializer.Meta.fields, "suggestions"]

    @extend_schema_field(MentorSuggestionSerializer(many=True))
    def get_suggestions(self, request) -> list[dict]:
        if not request.can_accept:
            return []
        return [
            {
                "mentor": offer.pk,
                "first_name": offer.volunteer.first_name,
                "score": suggestion.score,
                "reasons": [reason.as_dict() for reason in suggestion.reasons],
            }
            for offer, suggestion in selectors.suggestions_for(request)
        ]


class MentorAcceptSerializer(serializers.Serializer):
    mentor = serializers.IntegerField(help_text="Id of a suggested mentor offer.")


class MentorDeclineSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=MentorRequest.DeclineCategory.choices)


class MentorHandOverSerializer(serializers.Serializer):
    coordinator = serializers.IntegerField(
        help_text="User id of a coordinator of the organisation."
    )


class MentorRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The requests of the caller's organisations; filter with ?status=new (or accepted, …)."""

    serializer_class = MentorRequestSerializer
    permission_classes = [permissions.IsAuthenticated, IsCoordinator]
    filterset_fields = ["status"]

    def get_queryset(self):
        return (
            requests_coordinated_by(self.request.user)
            .select_related("mentor__volunteer")
            .order_by("-created_at")
        )

    def get_serializer_class(self):
        return MentorRequestSerializer if self.action == "list" else MentorRequestDetailSerializer

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return record_requests_shown(self.request.user, page or [], view="api:mentor-request-list")

    def get_object(self):
        """The request, through `access_mentor_request` (audited; another's is 404)."""
        view = f"api:{self.request.resolver_match.url_name}"
        return access_mentor_request(self.request.user, self.kwargs["pk"], view=view)

    def _fresh(self):
        """The request as the service left it, read again through the access function."""
        return Response(MentorRequestDetailSerializer(self.get_object()).data)

    @extend_schema(request=MentorAcceptSerializer, responses={200: MentorRequestDetailSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, *args, **kwargs):
        """Pair the relative with a suggested mentor; 409 when someone was quicker or the
        mentor's last place is taken."""
        found = self.get_object()
        data = MentorAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.accept_request(
            request_id=found.pk, by=request.user, mentor_id=data.validated_data["mentor"]
        )
        return self._fresh()

    @extend_schema(request=MentorDeclineSerializer, responses={200: MentorRequestDetailSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, *args, **kwargs):
        """Decline with a reason category; the relative is told."""
        found = self.get_object()
        data = MentorDeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.decline_request(
            request_id=found.pk, by=request.user, category=data.validated_data["category"]
        )
        return self._fresh()

    @extend_schema(request=MentorHandOverSerializer, responses={200: MentorRequestDetailSerializer})
    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request, *args, **kwargs):
        """Give the request to another coordinator of the organisation."""
        found = self.get_object()
        data = MentorHandOverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.hand_over_request(
            request_id=found.pk, by=request.user, to_id=data.validated_data["coordinator"]
        )
        return self._fresh()
