"""The municipality admin's page for other systems' API keys: list, create (the key is
shown once, on the answer to the form), revoke."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from integrations import services
from integrations.models import ApiToken
from integrations.selectors import tokens_of
from security.cpr import refuse_cpr_number

from .decorators import municipality_admin_required


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Navn"),
        max_length=100,
        help_text=gettext_lazy("Hvilket system bruger nøglen, fx 'Omsorgssystemet'."),
        validators=[refuse_cpr_number],
    )
    scope = forms.ChoiceField(label=gettext_lazy("Adgang"), choices=ApiToken.Scope.choices)
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team (kun for omsorgssystem)"), queryset=None, required=False
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = municipality.teams.all()


@never_cache  # the answer to a creation holds the key itself
@require_http_methods(["GET", "HEAD", "POST"])
@municipality_admin_required
def api_keys(request, municipality):
    form = ApiKeyForm(municipality=municipality)
    created = None
    if request.method == "POST" and "revoke" in request.POST:
        try:
            token = services.token_revoke(
                municipality=municipality, token_digest=request.POST["revoke"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Nøglen “%(name)s” er trukket tilbage.") % {"name": token})
        return redirect("frontend:api-keys")
    if request.method == "POST":
        form = ApiKeyForm(request.POST, municipality=municipality)
        if form.is_valid():
            team = form.cleaned_data["team"]
            try:
                token, created = services.token_create(
                    municipality=municipality,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    team_id=team.pk if team else None,
                    created_by=request.user,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form = ApiKeyForm(municipality=municipality)
    return render(
        request,
        "frontend/municipality/api_keys.html",
        {
            "municipality": municipality,
            "tokens": tokens_of(municipality),
            "form": form,
            "created": created,
        },
    )
