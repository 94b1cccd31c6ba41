"""Page views: each reads its input, calls a selector or service, renders a template."""

from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from .finder import conditional_page
from .navigation import Viewer, home_url_name


@conditional_page
@require_safe
def home(request):
    """The finder's start page: one search box, and "use my location" where possible."""
    return render(request, "frontend/home.html")


def about(request):
    return render(request, "frontend/about.html")


class SignInView(LoginView):
    """Django's sign-in; without a `next`, each person lands on their daily work."""

    template_name = "frontend/login.html"

    def get_default_redirect_url(self):
        return reverse(home_url_name(Viewer.of(self.request.user)))


@require_safe
def start(request):
    """LOGIN_REDIRECT_URL: each person's daily work (the finder for anyone else), for those
    signed in by other means than the form (an accepted invitation)."""
    return redirect(home_url_name(Viewer.of_request(request)))
