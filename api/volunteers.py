"""Volunteers: coordinators manage their organisations' volunteers; anyone may sign up."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.response import Response

from meetingplaces import volunteers
from meetingplaces.models import Organisation, Volunteer
from meetingplaces.roles import organisations_of
from security.addresses import client_address

from .fields import InterestsList, SlotsList
from .permissions import IsCoordinator


class VolunteerSerializer(serializers.ModelSerializer):
    interests = InterestsList(required=False)
    availability = SlotsList(required=False)
    open_matches = serializers.IntegerField(read_only=True)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none())

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "organisation",
            *volunteers.EDITABLE_FIELDS,
            "latitude",
            "longitude",
            "open_matches",
            "created_at",
        ]
        read_only_fields = ["latitude", "longitude", "created_at"]
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["organisation"].queryset = organisations_of(request.user)


class VolunteerDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class VolunteerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The volunteers of the caller's organisations (others answer 404)."""

    serializer_class = VolunteerSerializer
    permission_classes = [permissions.IsAuthenticated, IsCoordinator]
    filterset_fields = ["is_approved", "can_accompany", "has_car", "organisation"]

    def get_queryset(self):
        return volunteers.volunteers_of(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = volunteers.save_volunteer(
            by=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = volunteers.save_volunteer(
            by=self.request.user, data=serializer.validated_data, volunteer=serializer.instance
        )

    def _fresh(self, volunteer):
        return self.get_serializer(self.get_queryset().get(pk=volunteer.pk)).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(self._fresh(serializer.instance), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(self._fresh(serializer.instance))

    @extend_schema(request=None, responses={200: VolunteerSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        """Approve a volunteer who signed up."""
        volunteer = volunteers.approve_volunteer(by=request.user, volunteer_id=self.get_object().pk)
        return Response(self._fresh(volunteer))

    @extend_schema(request=VolunteerDeclineSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def decline(self, request, *args, **kwargs):
        """Decline an application that waits for approval; the applicant is told (with the
        reason, if given) and the application is deleted after the retention period."""
        volunteer = self.get_object()
        serializer = VolunteerDeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        volunteers.decline_volunteer(
            by=request.user, volunteer_id=volunteer.pk, reason=serializer.validated_data["reason"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SignUpSerializer(serializers.ModelSerializer):
    consent = serializers.BooleanField(write_only=True, help_text=volunteers.SIGN_UP_CONSENT_TEXT)
    interests = InterestsList(required=False)
    availability = SlotsList(required=False)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())

    class Meta:
        model = Volunteer
        fields = [*volunteers.SIGN_UP_FIELDS, "consent"]
        # The service says it in plain words (one e-mail per organisation).
        validators = []


class VolunteerSignUpViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Public sign-up: creates a volunteer waiting for a coordinator's approval.

    Limited per client address (429 when exceeded)."""

    serializer_class = SignUpSerializer
    permission_classes = [permissions.AllowAny]
    # Anyone may sign up, and an API key has no business here; but a browser sending a
    # session cookie must send the CSRF token too, as on every other form.
    authentication_classes = [SessionAuthentication]

    @extend_schema(responses={201: None})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        consent = data.pop("consent")
        volunteers.sign_up(data=data, client=client_address(request), consent=consent)
        return Response(
            {"detail": _("Tak! En koordinator kontakter dig, når du er godkendt.")},
            status=status.HTTP_201_CREATED,
        )
