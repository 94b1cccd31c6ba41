"""The forms of the entry pages: an activity with its schedule in plain choices, a meeting
place, a cancellation or break. They check each field; the services in
meetingplaces.entries decide the rest."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetingplaces import schedules
from meetingplaces.entries import selectors
from meetingplaces.entries.services import ACTIVITY_FIELDS, PLACE_FIELDS
from meetingplaces.models import Activity, MeetingPlace
from security.cpr import refuse_cpr_number

from .forms import ServiceCheckedModelForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ActivityForm(ServiceCheckedModelForm):
    """An activity; its schedule from a few choices, stored as one RFC 5545 line."""

    repeat = forms.ChoiceField(
        label=gettext_lazy("Hvor tit"),
        choices=schedules.Kind.choices,
        initial=schedules.Kind.WEEKLY,
        widget=forms.RadioSelect,
    )
    interval = forms.TypedChoiceField(
        label=gettext_lazy("Hvilke uger"),
        coerce=int,
        initial=1,
        required=False,
        choices=[
            (1, gettext_lazy("Hver uge")),
            (2, gettext_lazy("Hver anden uge")),
            (3, gettext_lazy("Hver tredje uge")),
            (4, gettext_lazy("Hver fjerde uge")),
        ],
    )
    ordinal = forms.TypedChoiceField(
        label=gettext_lazy("Hvilken i måneden"),
        coerce=int,
        required=False,
        choices=[("", "—"), *schedules.Ordinal.choices],
    )
    dates = forms.CharField(
        label=gettext_lazy("Datoerne"),
        required=False,
        help_text=gettext_lazy("Skriv datoerne som 3.12.2026, adskilt af komma."),
    )

    class Meta:
        model = Activity
        fields = [name for name in ACTIVITY_FIELDS if name != "recurrence"]
        widgets = {
            "start_time": TIME_INPUT,
            "end_time": TIME_INPUT,
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"is_active": gettext_lazy("Vis i søgningen (udgivet)")}

    field_order = [
        "title",
        "organisation",
        "meeting_place",
        "category",
        "description",
        "repeat",
        "weekday",
        "interval",
        "ordinal",
        "dates",
        "start_time",
        "end_time",
        "starts_on",
        "ends_on",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations_kept_by(user)
        self.fields["organisation"].empty_label = None
        self.fields["meeting_place"].queryset = selectors.places_for_activities(user)
        self.fields["weekday"].required = False
        if self.instance.pk and not self.is_bound:
            schedule = self.instance.schedule
            self.initial.update(
                repeat=schedule.kind,
                interval=schedule.interval,
                ordinal=schedule.ordinal,
                dates=", ".join(f"{day:%d.%m.%Y}" for day in schedule.dates),
            )

    def clean_dates(self):
        days = []
        for text in self.cleaned_data["dates"].replace(";", ",").split(","):
            if not text.strip():
                continue
            for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y"):
                try:
                    days.append(datetime.strptime(text.strip(), pattern).date())
                    break
                except ValueError:
                    continue
            else:
                raise ValidationError(_("“%(text)s” er ikke en dato.") % {"text": text.strip()})
        return days

    def clean(self):
        data = super().clean()
        repeat, weekday = data.get("repeat"), data.get("weekday")
        try:
            if repeat == schedules.Kind.DATES:
                schedule = schedules.dates_schedule(data.get("dates") or [])
            elif weekday is None:
                self.add_error("weekday", _("Vælg en ugedag."))
                return data
            elif repeat == schedules.Kind.MONTHLY:
                if not data.get("ordinal"):
                    self.add_error("ordinal", _("Vælg hvilken ugedag i måneden."))
                    return data
                schedule = schedules.Schedule(kind=repeat, weekday=weekday, ordinal=data["ordinal"])
            else:
                schedule = schedules.Schedule(
                    kind=schedules.Kind.WEEKLY, weekday=weekday, interval=data.get("interval") or 1
                )
        except schedules.ScheduleError as error:
            self.add_error("dates", str(error))
            return data
        data["recurrence"] = schedule.as_rfc5545()
        data["weekday"] = schedule.weekday
        return data

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in ACTIVITY_FIELDS}


class MeetingPlaceForm(ServiceCheckedModelForm):
    class Meta:
        model = MeetingPlace
        fields = list(PLACE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = selectors.municipalities_kept_by(user)
        self.fields["municipality"].empty_label = None
        self.fields["host"].queryset = selectors.organisations_kept_by(user)


class CancellationForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Dato (eller første dag i pausen)"), widget=DATE_INPUT
    )
    last_date = forms.DateField(
        label=gettext_lazy("Sidste dag i pausen"),
        required=False,
        widget=DATE_INPUT,
        help_text=gettext_lazy("Kun ved en pause over flere uger, fx sommerferien."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Årsag (vises for borgerne)"),
        max_length=200,
        required=False,
        validators=[refuse_cpr_number],
    )
