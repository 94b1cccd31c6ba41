"""Page views: each reads its input, calls a selector or service, renders a template."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .finder import conditional_page


@conditional_page
@require_safe
def home(request):
    """The finder's start page: one search box, and "use my location" where possible."""
    return render(request, "frontend/home.html")


def about(request):
    return render(request, "frontend/about.html")
