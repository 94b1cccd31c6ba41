"""The forms of home care: flagging a citizen and re-screening at follow-up.

The pages and the API validate through these same forms, so a rule and its message are
written once. Every free-text field refuses numbers shaped like a CPR number.
"""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetingplaces.vocabulary import INTERESTS, PartOfDay, Weekday, interests_to_mask, slot_bit
from security.cpr import refuse_cpr_number

from .consent import CONSENT_TEXT, CONSENT_TEXT_VERSION
from .models import Citizen, Screening
from .services import record_screening

DISTANCE_CHOICES = [
    (Decimal(km), _("%(km)s km") % {"km": km}) for km in ("0.5", "1", "2", "3", "5", "10", "20")
]
LANGUAGE_CHOICES = [
    ("da", _("Dansk")),
    ("en", _("Engelsk")),
    ("de", _("Tysk")),
    ("pl", _("Polsk")),
    ("tr", _("Tyrkisk")),
    ("ar", _("Arabisk")),
    ("other", _("Andet sprog")),
]
ANSWER_CHOICES = [(str(value), label) for value, label in Screening.Answer.choices]
ITEMS = ("lacks_companionship", "feels_left_out", "feels_isolated")
ITEM_QUESTIONS = {
    "lacks_companionship": _("Hvor ofte savner du nogen at være sammen med?"),
    "feels_left_out": _("Hvor ofte føler du dig holdt udenfor?"),
    "feels_isolated": _("Hvor ofte føler du dig isoleret fra andre?"),
}


def loneliness_meaning(total: int) -> str:
    """What a total of the three-item scale (3-9) means, in the words staff use."""
    if total <= 4:
        return str(_("Ikke ensom"))
    if total <= 6:
        return str(_("Til tider ensom"))
    return str(_("Ofte ensom"))


class ScreeningItemsMixin:
    """The three questions of the loneliness scale, each hardly ever / sometimes / often."""

    def add_items(self):
        for item in ITEMS:
            self.fields[item] = forms.TypedChoiceField(
                label=ITEM_QUESTIONS[item],
                choices=ANSWER_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Vælg et svar.")},
            )

    def items(self) -> dict[str, int]:
        return {item: self.cleaned_data[item] for item in ITEMS}


class FlagCitizenForm(ScreeningItemsMixin, forms.Form):
    """Flagging a lonely citizen in under a minute, with consent."""

    care_reference = forms.CharField(
        label=_("Reference i omsorgssystemet"),
        max_length=50,
        validators=[refuse_cpr_number],
        help_text=_("Den pseudonyme reference – aldrig et CPR-nummer."),
    )
    first_name = forms.CharField(
        label=_("Fornavn eller initialer"), max_length=50, validators=[refuse_cpr_number]
    )
    address = forms.CharField(
        label=_("Adresse eller postnummer"),
        max_length=200,
        validators=[refuse_cpr_number],
        help_text=_("Vi gemmer kun postnummer og et punkt afrundet til ca. 100 m."),
    )
    interests = forms.MultipleChoiceField(
        label=_("Interesser"),
        choices=[(slug, label) for slug, label in INTERESTS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    mobility = forms.ChoiceField(
        label=_("Mobilitet"), choices=Citizen.Mobility.choices, widget=forms.RadioSelect
    )
    max_distance_km = forms.TypedChoiceField(
        label=_("Kan komme højst"),
        choices=[(str(km), label) for km, label in DISTANCE_CHOICES],
        coerce=Decimal,
        initial="3",
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Ugedage"),
        choices=[(str(day.value), day.label.capitalize()) for day in Weekday],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Intet valgt betyder alle dage."),
    )
    parts_of_day = forms.TypedMultipleChoiceField(
        label=_("Tid på dagen"),
        choices=[(str(part.value), part.label.capitalize()) for part in PartOfDay],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Intet valgt betyder hele dagen."),
    )
    companion_needed = forms.BooleanField(
        label=_("Har brug for en følgeven første gang"), required=False
    )
    gender = forms.ChoiceField(
        label=_("Køn (kun for aktiviteter for mænd eller kvinder)"),
        choices=Citizen.Gender.choices,
        required=False,
    )
    language = forms.ChoiceField(label=_("Sprog"), choices=LANGUAGE_CHOICES, initial="da")
    notes = forms.CharField(
        label=_("Noter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        validators=[refuse_cpr_number],
    )
    consent_given = forms.BooleanField(
        label=_("Borgeren har givet samtykke til at blive registreret og kontaktet"),
        error_messages={"required": _("Uden samtykke gemmes intet. Spørg borgeren først.")},
    )
    consent_method = forms.ChoiceField(
        label=_("Samtykket er givet"),
        choices=Citizen.ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg om samtykket er mundtligt eller skriftligt.")},
    )

    field_order = ["care_reference", "first_name", "address", *ITEMS]
    # What staff read out before the citizen says yes; its version is stored with them.
    consent_text = CONSENT_TEXT
    consent_text_version = CONSENT_TEXT_VERSION

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_items()
        self.order_fields(self.field_order)

    def preferred_slots(self) -> int:
        days = self.cleaned_data["weekdays"]
        parts = self.cleaned_data["parts_of_day"]
        if not days and not parts:
            return 0  # no wishes: every time fits
        days = days or [day.value for day in Weekday]
        parts = parts or [part.value for part in PartOfDay]
        mask = 0
        for day in days:
            for part in parts:
                mask |= slot_bit(day, part)
        return mask

    def citizen_fields(self) -> dict:
        """The citizen's fields as the service `flag_citizen` takes them."""
        data = self.cleaned_data
        return {
            "care_reference": data["care_reference"].strip(),
            "first_name": data["first_name"].strip(),
            "address": data["address"].strip(),
            "gender": data["gender"],
            "mobility": data["mobility"],
            "max_distance_km": data["max_distance_km"],
            "interests": interests_to_mask(data["interests"]),
            "preferred_slots": self.preferred_slots(),
            "companion_needed": data["companion_needed"],
            "language": data["language"],
            "notes": data["notes"],
            "consent_method": data["consent_method"],
        }


class ScreeningForm(ScreeningItemsMixin, forms.Form):
    """A follow-up screening at 8 or 12 weeks."""

    kind = forms.ChoiceField(
        label=_("Opfølgning"),
        choices=[
            (Screening.Kind.WEEK_8, Screening.Kind.WEEK_8.label),
            (Screening.Kind.WEEK_12, Screening.Kind.WEEK_12.label),
        ],
        widget=forms.RadioSelect,
    )
    taken_on = forms.DateField(
        label=_("Dato"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )

    def __init__(self, *args, citizen: Citizen | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.citizen = citizen
        self.add_items()

    def clean_taken_on(self):
        taken_on = self.cleaned_data["taken_on"]
        if taken_on > timezone.localdate():
            raise forms.ValidationError(_("Datoen kan ikke ligge i fremtiden."))
        if taken_on < timezone.localdate() - timedelta(days=365):
            raise forms.ValidationError(_("Datoen ligger mere end et år tilbage."))
        return taken_on

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        if self.citizen is not None and self.citizen.screenings.filter(kind=kind).exists():
            raise forms.ValidationError(
                _("%(kind)s er allerede registreret for borgeren.")
                % {"kind": Screening.Kind(kind).label}
            )
        return kind

    def record(self, *, by, view: str) -> Screening:
        """Save the valid form as the citizen's screening (the service's ValidationError
        passes through, for the page or API to show)."""
        return record_screening(
            citizen=self.citizen,
            by=by,
            kind=self.cleaned_data["kind"],
            taken_on=self.cleaned_data["taken_on"],
            items=self.items(),
            view=view,
        )


class PhoneForm(forms.Form):
    """Whom a coordinator may call about the citizen, once a match is accepted. The rules
    (a holder, a relative's name, the consent) are `services.record_phone`'s."""

    phone = forms.CharField(
        label=_("Telefonnummer"),
        max_length=30,
        required=False,
        help_text=_("Lad feltet stå tomt for at fjerne nummeret."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    holder = forms.ChoiceField(
        label=_("Hvem ringer koordinatoren til?"),
        choices=Citizen.PhoneHolder.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    relative_name = forms.CharField(
        label=_("Den pårørendes navn (og fx “datter”)"), max_length=100, required=False
    )
    consent = forms.BooleanField(
        label=_("Borgeren har sagt ja til, at koordinatoren må ringe på nummeret."),
        required=False,
    )

    @classmethod
    def for_citizen(cls, citizen: Citizen, data=None) -> "PhoneForm":
        return cls(
            data,
            initial={
                "phone": citizen.phone,
                "holder": citizen.phone_holder or Citizen.PhoneHolder.CITIZEN,
                "relative_name": citizen.relative_name,
                "consent": citizen.phone_consent_at is not None,
            },
        )
