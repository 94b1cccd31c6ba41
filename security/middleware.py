"""Refusing request bodies larger than DATA_UPLOAD_MAX_MEMORY_SIZE before anyone reads them.

Django checks the limit for forms; Django REST framework reads JSON from the stream and
does not, so the limit is held here for every request.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self._refuse(request, _("Ugyldig Content-Length."), status=400)
        if limit is not None and length > limit:
            message = _("Forespørgslen er for stor (højst %(limit)d kB).") % {
                "limit": limit // 1024
            }
            return self._refuse(request, message, status=413)
        return self.get_response(request)

    @staticmethod
    def _refuse(request, message: str, *, status: int) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status)
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
