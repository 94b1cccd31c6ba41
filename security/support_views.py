"""The Django admin's support-session page: the second factor again and a written reason
open citizens' records for SUPPORT_SESSION_MINUTES; the operator can end it sooner."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters

from .cpr import refuse_cpr_number
from .second_factor import check_code
from .support import active_support_session, end_support_session, start_support_session


class SupportSessionForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode fra din godkendelsesapp"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse"),
        help_text=gettext_lazy("Hvilken sag eller fejl, og hvem bad om hjælpen. Skrives i loggen."),
        min_length=10,
        max_length=500,
        validators=[refuse_cpr_number],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@sensitive_post_parameters("code")
def support_session(request, admin_site):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("admin:index")
    if request.method == "POST" and "end" in request.POST:
        end_support_session(request)
        messages.success(request, _("Støttesessionen er afsluttet."))
        return redirect("admin:index")
    form = SupportSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if check_code(user=request.user, code=form.cleaned_data["code"]) is not None:
            start_support_session(request, reason=form.cleaned_data["reason"])
            return redirect(next_url)
        form.add_error("code", _("Koden passer ikke eller er brugt før."))
    context = {
        **admin_site.each_context(request),
        "title": _("Støttesession"),
        "form": form,
        "next": next_url,
        "support": active_support_session(request),
        "minutes": settings.SUPPORT_SESSION_MINUTES,
    }
    return TemplateResponse(request, "security/support_session.html", context)
