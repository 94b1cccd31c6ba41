"""Page views: each reads its input, calls a selector or service, renders a template."""

from django.shortcuts import render


def home(request):
    return render(request, "frontend/home.html")


def about(request):
    return render(request, "frontend/about.html")
