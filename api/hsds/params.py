"""The query parameters of the HSDS API, as its OpenAPI definition names them.

Each endpoint accepts the parameters HSDS lists for it; any other, or a value that does
not parse, is a 400 with a message per parameter (never ignored, never a 500).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from meetingplaces import taxonomy
from meetingplaces.geocoding import postcode_index
from meetingplaces.open_data import OpenDataFilters

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PROXIMITY_METRES = 50_000
BOOLEAN = [("true", "true"), ("false", "false")]


class HsdsParameters(forms.Form):
    search = forms.CharField(max_length=100, required=False)
    page = forms.IntegerField(min_value=1, required=False)
    per_page = forms.IntegerField(min_value=1, max_value=MAX_PER_PAGE, required=False)
    format = forms.ChoiceField(choices=[("json", "json"), ("ndjson", "ndjson")], required=False)
    organization_id = forms.UUIDField(required=False)
    modified_after = forms.DateTimeField(required=False)
    taxonomy_term_id = forms.UUIDField(required=False)
    taxonomy_id = forms.UUIDField(required=False)
    postcode = forms.RegexField(
        regex=r"^\d{4}$",
        required=False,
        error_messages={"invalid": _("Et postnummer er fire cifre.")},
    )
    proximity = forms.FloatField(
        min_value=0,
        max_value=MAX_PROXIMITY_METRES,
        required=False,
        help_text=_("Meter fra postnummerets midte."),
    )
    parent_id = forms.UUIDField(required=False)
    # Accepted as HSDS defines them; our answers are the same either way (see docs/api.md).
    minimal = forms.ChoiceField(choices=BOOLEAN, required=False)
    full = forms.ChoiceField(choices=BOOLEAN, required=False)
    full_service = forms.ChoiceField(choices=BOOLEAN, required=False)
    top_only = forms.ChoiceField(choices=BOOLEAN, required=False)

    def clean(self):
        data = super().clean()
        if data.get("proximity") is not None:
            if not data.get("postcode"):
                self.add_error("proximity", _("proximity kræver et postnummer (postcode)."))
            elif postcode_index().by_code.get(data["postcode"]) is None:
                self.add_error("postcode", _("Det postnummer kender vi ikke."))
        return data


def parse(request, allowed: frozenset[str]) -> dict:
    """The cleaned parameters of a request, or a 400 naming each bad one."""
    form = HsdsParameters({key: request.query_params.get(key) for key in request.query_params})
    errors = {}
    for name in sorted(set(request.query_params) - allowed):
        errors[name] = [
            _("Ukendt parameter. Brug en af: %(names)s.") % {"names": ", ".join(sorted(allowed))}
        ]
    if not form.is_valid():
        errors.update({name: list(messages) for name, messages in form.errors.items()})
    if errors:
        raise ValidationError(errors)
    return form.cleaned_data


def activity_filters(data: dict) -> OpenDataFilters | None:
    """The selector's filters for the service endpoints; None when nothing can match (a
    taxonomy term or taxonomy that we do not publish)."""
    category, interests = None, ()
    term_id = data.get("taxonomy_term_id")
    if term_id:
        found = taxonomy.term_code(term_id)
        if found is None:
            return None
        tax, code = found
        if tax is taxonomy.CATEGORIES:
            category = code
        else:
            interests = (code,)
    if data.get("taxonomy_id") and taxonomy.taxonomy(data["taxonomy_id"]) is None:
        return None
    point = radius_km = None
    if data.get("proximity") is not None:
        centre = postcode_index().by_code[data["postcode"]]
        point, radius_km = (centre.latitude, centre.longitude), data["proximity"] / 1000
    return OpenDataFilters(
        text=data.get("search") or "",
        organisation=data.get("organization_id"),
        modified_after=data.get("modified_after"),
        category=category,
        interests=interests,
        postcode=data.get("postcode") or None,
        point=point,
        radius_km=radius_km,
    )
