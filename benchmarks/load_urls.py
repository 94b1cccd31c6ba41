"""The real URLs plus the load benchmark's baseline: a plain DRF list of 20 activities, the
cheapest API answer the same server can give, to compare the nearby search against."""

from django.urls import include, path
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from meetingplaces.models import Activity


class BaselineActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["uuid", "title", "category", "weekday", "start_time", "end_time", "price"]


class BaselineActivityList(generics.ListAPIView):
    # Twenty rows and no count: the floor of what any list of the API can cost.
    queryset = Activity.objects.order_by("pk")[:20]
    serializer_class = BaselineActivitySerializer
    pagination_class = None
    permission_classes = [AllowAny]
    authentication_classes = []


urlpatterns = [
    path("benchmark/activities/", BaselineActivityList.as_view()),
    path("", include("config.urls")),
]
