"""The municipality admin's forms. Their choices are the admin's own municipality's; the
services check the same again, for a form that was not sent from this page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from meetingplaces.administration.selectors import other_municipalities
from meetingplaces.administration.services import INVITED_ROLES
from meetingplaces.models import Organisation
from security.cpr import refuse_cpr_number

ROLE_CHOICES = [(role.value, role.label) for role in INVITED_ROLES]


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Teamets navn"), max_length=100, validators=[refuse_cpr_number])


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=150, validators=[refuse_cpr_number])
    kind = forms.ChoiceField(
        label=_("Type"), choices=Organisation.Kind.choices, widget=forms.RadioSelect
    )
    phone = forms.CharField(
        label=_("Telefon"), max_length=30, required=False, validators=[refuse_cpr_number]
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(label=_("Hjemmeside"), required=False, assume_scheme="https")
    serves = forms.ModelMultipleChoiceField(
        label=_("Betjener også disse kommuner (efter aftale)"),
        help_text=_("Borgere i kommunerne kan få foreslået organisationens aktiviteter."),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["serves"].queryset = other_municipalities(municipality)

    @classmethod
    def of(cls, organisation, *, municipality, data=None):
        initial = {field: getattr(organisation, field) for field in ("name", "kind", "phone")}
        initial.update(
            email=organisation.email,
            website=organisation.website,
            serves=list(organisation.serves.all()),
        )
        return cls(data, initial=initial, municipality=municipality)


class RoleForm(forms.Form):
    """A role in the municipality: staff of a team, coordinator of an organisation, admin."""

    role = forms.ChoiceField(label=_("Rolle"), choices=ROLE_CHOICES, widget=forms.RadioSelect)
    team = forms.ModelChoiceField(
        label=_("Team (for hjemmeplejemedarbejdere)"), queryset=None, required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation (for frivilligkoordinatorer)"), queryset=None, required=False
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = municipality.teams.order_by("name")
        self.fields["organisation"].queryset = Organisation.objects.filter(
            municipality=municipality
        ).order_by("name")

    def scope(self) -> dict:
        data = self.cleaned_data
        return {"role": data["role"], "team": data["team"], "organisation": data["organisation"]}


class InviteForm(RoleForm):
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Personens arbejdsmail. Den bliver også deres brugernavn."),
    )
    field_order = ["email", "role", "team", "organisation"]


class CitizenLookupForm(forms.Form):
    care_reference = forms.CharField(
        label=_("Reference i omsorgssystemet"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        validators=[refuse_cpr_number],
    )


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(
        label=_("Fornavn"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        validators=[refuse_cpr_number],
    )
    last_name = forms.CharField(
        label=_("Efternavn"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        validators=[refuse_cpr_number],
    )
    password1 = forms.CharField(
        label=_("Vælg en adgangskode"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Mindst 8 tegn, ikke kun tal og ikke for tæt på dit navn eller din e-mail."),
    )
    password2 = forms.CharField(
        label=_("Skriv adgangskoden igen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") != data["password1"]:
            self.add_error("password2", _("De to adgangskoder er ikke ens."))
        return data
