"""The project's URLs plus two probes that prove the global protections (tests only).

`explode` fails with personal data in its locals and its POST, as a bug in any view could;
`echo` is a DRF view with the project's default parsers, throttles and permissions.
"""

from django.urls import include, path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


def explode(request):
    first_name = request.POST.get("first_name", "")
    phone = request.POST.get("phone", "")
    raise RuntimeError(f"probe failed after reading {len(first_name) + len(phone)} characters")


class Echo(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        return Response({"keys": sorted(request.data)})


urlpatterns = [
    path("probe/explode/", explode),
    path("api/v1/probe/echo/", Echo.as_view()),
    path("", include("config.urls")),
]
