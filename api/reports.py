"""Outcome reports: the funnel, the effect on loneliness and where help is missing.

Aggregates only: every cell about fewer than five people is the string "< 5", also in
totals that would give such a cell away. Scoped like the pages: a municipality, team or
organisation that is not the caller's answers 404.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from outcomes.reports import BadFilter, ReportRequest, report_request, tables_of
from outcomes.scope import ScopeNotFound, may_see_reports
from outcomes.selectors import gap_report


class SeesReports(permissions.BasePermission):
    message = _("Kun kommunens administratorer, koordinatorer og hjemmeplejen har adgang.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated) and may_see_reports(
            request.user
        )


class ReportFilterSerializer(serializers.Serializer):
    period = serializers.CharField(
        required=False, help_text="2026, 2026-Q1, 2026-03 or 12m (the default: the last year)."
    )
    municipality = serializers.CharField(required=False, help_text="Municipality code, e.g. 0376.")
    team = serializers.IntegerField(required=False, help_text="Home-care team id.")
    organisation = serializers.UUIDField(required=False, help_text="Organisation UUID.")


class GapFilterSerializer(ReportFilterSerializer):
    interest = serializers.CharField(required=False, help_text="An interest slug, e.g. cards.")
    mobility = serializers.CharField(required=False, help_text="walks_alone, walker, ...")


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["count", "plain", "percent", "number", "days"])


class RowSerializer(serializers.Serializer):
    label = serializers.CharField()
    values = serializers.DictField(
        child=serializers.JSONField(),
        help_text='Per column: a number, null (does not apply) or "< 5" (hidden).',
    )


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    group = serializers.CharField()
    note = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)
    total = serializers.DictField(child=serializers.JSONField(), allow_null=True)


class PeriodSerializer(serializers.Serializer):
    key = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class ReportSerializer(serializers.Serializer):
    period = PeriodSerializer()
    tables = TableSerializer(many=True)


class InterestCountSerializer(serializers.Serializer):
    interest = serializers.CharField()
    label = serializers.CharField()
    citizens = serializers.IntegerField()


class BestPlaceSerializer(serializers.Serializer):
    label = serializers.CharField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    reaches = serializers.JSONField(help_text='Citizens newly reached, or "< 5".')
    top_interests = InterestCountSerializer(many=True)


class GapReportSerializer(ReportSerializer):
    best_places = BestPlaceSerializer(many=True)


class _Report(APIView):
    permission_classes = [SeesReports]
    report = ""

    def report_request(self, request) -> ReportRequest:
        try:
            return report_request(request.user, request.query_params)
        except ScopeNotFound:
            raise exceptions.NotFound from None
        except BadFilter as error:
            raise exceptions.ValidationError(error.errors) from None

    def period(self, found: ReportRequest) -> dict:
        period = found.period
        return {"key": period.key, "start": period.start, "end": period.end}

    def get(self, request):
        found = self.report_request(request)
        tables = [table.as_dict() for table in tables_of(self.report, found)]
        return Response(ReportSerializer({"period": self.period(found), "tables": tables}).data)


@extend_schema(parameters=[ReportFilterSerializer], responses=ReportSerializer)
class FunnelReport(_Report):
    """Flagged → suggested → told → proposed → accepted → first visit → taking part →
    ended, per team, organisation, meeting place and activity type; waiting and answer
    times; declines by reason."""

    report = "funnel"


@extend_schema(parameters=[ReportFilterSerializer], responses=ReportSerializer)
class EffectReport(_Report):
    """The loneliness score at 8 and 12 weeks against the baseline (a before-after
    comparison, not a controlled trial), per activity type and with/without companion."""

    report = "effect"


@extend_schema(parameters=[GapFilterSerializer], responses=GapReportSerializer)
class GapReport(_Report):
    """Waiting citizens per square of about 1 km against the activities in their reach, and
    the five places where a new activity would reach most of them."""

    report = "gaps"

    def get(self, request):
        found = self.report_request(request)
        gaps = gap_report(found.scope, interest=found.interest, mobility=found.mobility)
        data = {
            "period": self.period(found),
            "tables": [gaps.table.as_dict()],
            "best_places": gaps.best_places,
        }
        return Response(GapReportSerializer(data).data)
