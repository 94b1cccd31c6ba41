"""The Open Referral HSDS 3.0 read-only API under /api/v1/hsds/.

Public like the finder: anyone may read it, and it shows only what the finder shows.
Each view parses the parameters HSDS defines for it, asks meetingplaces.open_data for the
rows and answers with api.hsds.representations. The endpoints are described by HSDS's
own OpenAPI definition (the `openapi_url` of `/`), not by our schema.
"""

from types import SimpleNamespace
from uuid import UUID

from django.http import Http404
from django.utils import timezone
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.caching import public_caching
from integrations.authentication import ApiTokenAuthentication
from meetingplaces import open_data, taxonomy

from . import representations as hsds
from .pages import paginated
from .params import activity_filters, parse

HSDS_OPENAPI_URL = (
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
)
HSDS_PROFILE_URL = "https://docs.openreferral.org/en/v3.0/hsds/overview.html"

PAGING = frozenset({"page", "per_page", "format"})
SERVICE_PARAMETERS = PAGING | {
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "minimal",
    "full",
    "postcode",
    "proximity",
}


class HsdsParameterFormat(DefaultContentNegotiation):
    """`format` is HSDS's parameter (json or ndjson), not DRF's choice of renderer."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)


@method_decorator(public_caching, name="dispatch")
@extend_schema(exclude=True)
class HsdsView(APIView):
    permission_classes = [AllowAny]
    # No session (public answers are the same for everyone); a key only for its rate.
    authentication_classes = [ApiTokenAuthentication]
    content_negotiation_class = HsdsParameterFormat

    @staticmethod
    def today():
        return timezone.localdate()


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise Http404 from None


class ApiInfo(HsdsView):
    def get(self, request):
        return Response(
            {"version": "3.0", "profile": HSDS_PROFILE_URL, "openapi_url": HSDS_OPENAPI_URL}
        )


def _services(data: dict):
    filters = activity_filters(data)
    queryset = open_data.published_activities()
    if filters is None:
        return queryset.none()
    return open_data.filter_published(queryset, filters)


class ServiceList(HsdsView):
    def get(self, request):
        data = parse(request, SERVICE_PARAMETERS)
        return paginated(_services(data), lambda a: hsds.service_summary(a, request=request), data)


class ServiceDetail(HsdsView):
    def get(self, request, id):
        activity = open_data.published_activity(_uuid(id))
        if activity is None:
            raise Http404
        return Response(hsds.service_full(activity, request=request, today=self.today()))


class ServiceAtLocationList(HsdsView):
    def get(self, request):
        data = parse(request, SERVICE_PARAMETERS - {"minimal"})
        return paginated(
            _services(data),
            lambda a: hsds.service_at_location_list_item(a, request=request),
            data,
        )


class ServiceAtLocationDetail(HsdsView):
    def get(self, request, id):
        activity = open_data.published_activity(hsds.activity_uuid(_uuid(id)))
        if activity is None:
            raise Http404
        return Response(
            hsds.service_at_location_full(activity, request=request, today=self.today())
        )


class OrganizationList(HsdsView):
    def get(self, request):
        data = parse(request, PAGING | {"search", "full_service", "full"})
        queryset = open_data.filter_organisations(
            open_data.published_organisations(), text=data.get("search") or ""
        )
        return paginated(queryset, hsds.organization_summary, data)


class OrganizationDetail(HsdsView):
    def get(self, request, id):
        parse(request, frozenset({"full_service"}))
        organisation = open_data.published_organisations().filter(uuid=_uuid(id)).first()
        if organisation is None:
            raise Http404
        return Response(
            hsds.organization_full(
                organisation,
                services=list(open_data.activities_of_organisation(organisation)),
                places=list(open_data.places_of_organisation(organisation)),
                request=request,
            )
        )


class TaxonomyList(HsdsView):
    def get(self, request):
        data = parse(request, PAGING | {"search"})
        words = (data.get("search") or "").lower().split()
        found = [
            tax
            for tax in taxonomy.TAXONOMIES
            if all(word in f"{tax.name} {tax.description}".lower() for word in words)
        ]
        return paginated(ListQuery(found), hsds.taxonomy_object, data)


class TaxonomyDetail(HsdsView):
    def get(self, request, id):
        found = taxonomy.taxonomy(_uuid(id))
        if found is None:
            raise Http404
        return Response(hsds.taxonomy_object(found))


class TaxonomyTermList(HsdsView):
    def get(self, request):
        data = parse(request, PAGING | {"search", "taxonomy_id", "top_only", "parent_id"})
        words = (data.get("search") or "").lower().split()
        found = [
            term
            for term in taxonomy.terms()
            if all(word in f"{term.code} {term.label}".lower() for word in words)
            and (not data.get("taxonomy_id") or term.taxonomy.id == data["taxonomy_id"])
            # Our vocabularies are flat: no term has a parent.
            and not data.get("parent_id")
        ]
        return paginated(ListQuery(found), hsds.term, data)


class TaxonomyTermDetail(HsdsView):
    def get(self, request, id):
        found = next((t for t in taxonomy.terms() if t.id == _uuid(id)), None)
        if found is None:
            raise Http404
        return Response(hsds.term(found))


class ListQuery(list):
    """A list that pages and streams like a queryset (the vocabularies live in code)."""

    def iterator(self, chunk_size=None):
        return iter(self)
