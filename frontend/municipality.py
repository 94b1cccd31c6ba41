"""The municipality admin's home: what the municipality has in Samvær, and what to do."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from matching.selectors import citizen_counts
from meetingplaces.selectors import municipality_register_counts

from .decorators import municipality_admin_required
from .navigation import Viewer, links_for


@require_safe
@municipality_admin_required
def overview(request, municipality):
    tasks = [link for link in links_for(Viewer.of_request(request)) if link.entry.description]
    return render(
        request,
        "frontend/municipality/overview.html",
        {
            "municipality": municipality,
            "register": municipality_register_counts(municipality),
            "citizens": citizen_counts(municipality=municipality),
            "tasks": tasks,
        },
    )
