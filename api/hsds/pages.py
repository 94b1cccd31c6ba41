"""HSDS's page object, and `format=ndjson`: every result, one JSON object a line."""

from collections.abc import Callable, Iterable

import orjson
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .params import DEFAULT_PER_PAGE

NDJSON_CHUNK = 500


def paginated(queryset: QuerySet, represent: Callable, data: dict):
    """One page as HSDS's Page (1-based), or the whole result as NDJSON."""
    if data.get("format") == "ndjson":
        return ndjson(queryset, represent)
    paginator = Paginator(queryset, data.get("per_page") or DEFAULT_PER_PAGE)
    number = data.get("page") or 1
    total = paginator.count
    total_pages = paginator.num_pages if total else 0
    if number > max(total_pages, 1):
        raise ValidationError({"page": [_("Den side findes ikke.")]})
    items = [represent(item) for item in paginator.page(number).object_list] if total else []
    return Response(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": number,
            "size": len(items),
            "first_page": number == 1,
            "last_page": number >= total_pages,
            "empty": total == 0,
            "contents": items,
        }
    )


def ndjson(queryset: QuerySet, represent: Callable) -> StreamingHttpResponse:
    # The lines are written after the view has returned: keep the request's language.
    language = translation.get_language()

    def lines() -> Iterable[bytes]:
        with translation.override(language):
            for item in queryset.iterator(chunk_size=NDJSON_CHUNK):
                yield orjson.dumps(represent(item)) + b"\n"

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson")
