"""Signing in with the second factor, changing one's password, and signing out."""

import base64
from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters

from .second_factor import (
    confirm_app_device,
    has_app_device,
    pending_app_device,
    recovery_codes_left,
    renew_recovery_codes,
    session_is_open,
    verify_second_factor,
)

# A code refused: wrong, used before, or one try too many (django-otp's throttling).
WRONG_CODE = gettext_lazy(
    "Koden passer ikke, er brugt før, eller der er prøvet for mange gange. "
    "Vent til appen viser en ny kode, og prøv igen."
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, request) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': target})}" if target else url


@sensitive_post_parameters("code")
@login_required
def verify(request):
    """The sign-in's second step: a code from the app, or a recovery code."""
    if session_is_open(request.user, request.session):
        return redirect(_next_url(request))
    if not has_app_device(request.user):
        return redirect(_with_next("security:enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if verify_second_factor(request, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "security/verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@sensitive_post_parameters("code")
@login_required
def enrol(request):
    """First sign-in: connect an authenticator app (QR code or the key as text), confirm it
    with a code, and see the recovery codes, once."""
    if has_app_device(request.user):
        return redirect(_with_next("security:verify", request))
    device = pending_app_device(request.user)
    form = CodeForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        codes = confirm_app_device(request, form.cleaned_data["code"])
        if codes is not None:
            return render(
                request,
                "security/recovery_codes.html",
                {"codes": codes, "continue_url": _next_url(request)},
            )
        form.add_error(
            "code",
            _("Koden passer ikke. Tjek at telefonens ur går rigtigt, og prøv den næste kode."),
        )
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "security/enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": _qr_data_uri(device.config_url),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


def _qr_data_uri(text: str) -> str:
    # An image, not inline SVG: the policy allows data: images and no inline styles.
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


@sensitive_post_parameters("code")
@login_required
def recovery_codes(request):
    """New recovery codes, for a code from the app: the old ones stop working."""
    if not has_app_device(request.user):
        return redirect("security:enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = renew_recovery_codes(user=request.user, app_code=form.cleaned_data["code"])
        if codes is not None:
            return render(
                request,
                "security/recovery_codes.html",
                {
                    "codes": codes,
                    "renewed": True,
                    "continue_url": reverse("security:password-change"),
                },
            )
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "security/renew_recovery_codes.html",
        {"form": form, "left": recovery_codes_left(request.user)},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's: the current password first. The new password ends the user's other
    sessions and sockets (security.sessions); this session stays signed in."""

    template_name = "security/password_change.html"
    success_url = reverse_lazy("security:password-change")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if has_app_device(self.request.user):
            context["recovery_codes_left"] = recovery_codes_left(self.request.user)
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, _("Din adgangskode er skiftet. Du er logget ud alle andre steder.")
        )
        return response


class LogoutView(auth_views.LogoutView):
    """Django's logout; in production (CLEAR_SITE_DATA_ON_LOGOUT) the answer also asks the
    browser to clear this site's cache, cookies and storage."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if settings.CLEAR_SITE_DATA_ON_LOGOUT:
            response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response
