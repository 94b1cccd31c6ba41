"""The forms of the mentor pages: they check the input's form; `mentors.services` decides."""

from django import forms
from django.utils.translation import gettext_lazy

from meetingplaces.fields import BitSetFormField
from meetingplaces.models import Volunteer
from meetingplaces.roles import organisations_of
from meetingplaces.vocabulary import slot_choices
from mentors.models import MentorOffer, MentorRequest
from mentors.selectors import organisations_offering_mentors
from mentors.services import CONSENT_TEXT
from mentors.vocabulary import Illness, Relation, Way
from security.cpr import refuse_cpr_number

from .volunteers import _AvailabilityByDay

_CHOOSE = [("", gettext_lazy("Vælg"))]


def _ways_field(label):
    return BitSetFormField(labels=[way.label for way in Way], label=label, required=True)


def _slots_field(label):
    return BitSetFormField(labels=[label for _key, label in slot_choices()], label=label)


class MentorRequestForm(_AvailabilityByDay, forms.Form):
    """What a relative (or staff for a relative) tells to be found a mentor."""

    organisation = forms.ModelChoiceField(
        queryset=organisations_offering_mentors(),
        label=gettext_lazy("Hvilken forening vil du have en mentor fra?"),
        empty_label=None,
    )
    first_name = forms.CharField(
        label=gettext_lazy("Fornavn"), max_length=50, validators=[refuse_cpr_number]
    )
    phone = forms.CharField(
        label=gettext_lazy("Telefon"),
        max_length=30,
        required=False,
        validators=[refuse_cpr_number],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    postcode = forms.CharField(
        label=gettext_lazy("Postnummer"),
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    relation = forms.ChoiceField(
        label=gettext_lazy("Jeg er pårørende som"), choices=_CHOOSE + Relation.choices
    )
    illness = forms.ChoiceField(label=gettext_lazy("Til en med"), choices=_CHOOSE + Illness.choices)
    ways = _ways_field(gettext_lazy("Vi kan mødes ved"))
    availability = _slots_field(gettext_lazy("Tider, der passer mig (valgfrit)"))
    consent = forms.BooleanField(label=CONSENT_TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The organisations with mentors, as they are now (not when the module loaded).
        self.fields["organisation"].queryset = organisations_offering_mentors()

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["preferred_slots"] = data.pop("availability")
        return data


class PublicMentorRequestForm(MentorRequestForm):
    website = forms.CharField(
        label=gettext_lazy("Lad dette felt stå tomt"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class StaffMentorRequestForm(MentorRequestForm):
    consent = forms.BooleanField(
        label=gettext_lazy(
            "Den pårørende har sagt ja til, at en koordinator må gemme oplysningerne og "
            "kontakte dem for at finde en mentor."
        )
    )


class MentorOfferForm(_AvailabilityByDay, forms.ModelForm):
    volunteer = forms.ModelChoiceField(
        queryset=Volunteer.objects.none(), label=gettext_lazy("Frivillig")
    )
    ways = _ways_field(gettext_lazy("Kan mødes ved"))

    class Meta:
        model = MentorOffer
        fields = ["relation", "illness", "ways", "address", "availability", "max_relatives"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = Volunteer.objects.filter(
            organisation__in=organisations_of(user), declined_at=None
        ).order_by("first_name")
        self.order_fields(["volunteer", *self.Meta.fields])

    def _post_clean(self):
        # The service checks the offer as a whole (and places its address).
        return


class OwnMentorOfferForm(_AvailabilityByDay, forms.ModelForm):
    """A volunteer's own offer: their experience, how, where and when they can meet."""

    ways = _ways_field(gettext_lazy("Jeg kan mødes ved"))

    class Meta:
        model = MentorOffer
        fields = ["relation", "illness", "ways", "address", "availability", "max_relatives"]
        labels = {
            "relation": gettext_lazy("Jeg var pårørende som"),
            "illness": gettext_lazy("Til en med"),
            "address": gettext_lazy("Hvor jeg kan mødes (adresse eller postnummer)"),
            "availability": gettext_lazy("Tider, hvor jeg kan"),
            "max_relatives": gettext_lazy("Højst antal pårørende ad gangen"),
        }

    def _post_clean(self):
        # The service checks the offer as a whole (and places its address).
        return


class DeclineRequestForm(forms.Form):
    category = forms.ChoiceField(
        label=gettext_lazy("Årsag"), choices=_CHOOSE + MentorRequest.DeclineCategory.choices
    )


class AcceptRequestForm(forms.Form):
    mentor = forms.IntegerField()


class HandOverForm(forms.Form):
    coordinator = forms.IntegerField()


class DeclineOfferForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse til den frivillige (valgfri)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FollowUpAnswerForm(forms.Form):
    helped = forms.TypedChoiceField(
        label=gettext_lazy("Hjalp det at tale med din mentor?"),
        choices=[("ja", gettext_lazy("Ja, det hjalp")), ("nej", gettext_lazy("Nej"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
