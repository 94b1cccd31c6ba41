"""Reading API keys and their use."""

from django.db.models import Count, Max, QuerySet

from meetingplaces.models import Municipality

from .models import ApiToken


def tokens_of(municipality: Municipality) -> QuerySet[ApiToken]:
    """A municipality's keys, newest first, with how often and when they were last used."""
    return (
        ApiToken.objects.filter(municipality=municipality)
        .select_related("team", "created_by")
        .annotate(use_count=Count("uses"), last_used=Max("uses__at"))
        .order_by("-created")
    )
