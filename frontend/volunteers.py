"""Volunteer pages: coordinators manage their organisations' volunteers; anyone may sign up."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from meetingplaces import volunteers
from meetingplaces.models import Organisation, Volunteer
from meetingplaces.roles import organisations_of
from meetingplaces.vocabulary import PartOfDay, Weekday
from security.addresses import client_address

from .decorators import coordinator_required
from .forms import ServiceCheckedModelForm, add_service_errors


class _AvailabilityByDay:
    def availability_by_weekday(self) -> list[tuple[str, list]]:
        """The 21 availability boxes as seven days of three parts, for one fieldset each."""
        boxes = list(self["availability"])
        parts = list(PartOfDay)
        return [
            (
                day.label,
                list(zip(boxes[day * 3 : day * 3 + 3], [p.label for p in parts], strict=True)),
            )
            for day in Weekday
        ]


class VolunteerForm(_AvailabilityByDay, ServiceCheckedModelForm):
    class Meta:
        model = Volunteer
        fields = ["organisation", *volunteers.EDITABLE_FIELDS]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_of(user)
        self.fields["organisation"].empty_label = None


class SignUpForm(_AvailabilityByDay, ServiceCheckedModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("municipality__name", "name"),
        label=gettext_lazy("Hvilken forening vil du være frivillig i?"),
    )
    consent = forms.BooleanField(label=volunteers.SIGN_UP_CONSENT_TEXT)

    class Meta:
        model = Volunteer
        fields = list(volunteers.SIGN_UP_FIELDS)


@coordinator_required
def volunteer_list(request):
    return render(
        request,
        "frontend/volunteers/list.html",
        {"volunteers": volunteers.volunteers_of(request.user)},
    )


@coordinator_required
def volunteer_form(request, pk=None):
    volunteer = None
    if pk is not None:
        volunteer = get_object_or_404(volunteers.volunteers_of(request.user), pk=pk)
    form = VolunteerForm(request.POST or None, instance=volunteer, user=request.user)
    if request.method == "POST" and form.is_valid():
        # is_valid() has written the input onto `volunteer`: the service gets the stored
        # row (through the same scope) and the data separately.
        stored = volunteers.volunteers_of(request.user).get(pk=pk) if pk else None
        try:
            saved = volunteers.save_volunteer(
                by=request.user, data=form.cleaned_data, volunteer=stored
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s er gemt.") % {"name": saved})
            return redirect("frontend:volunteers")
    return render(request, "frontend/volunteers/form.html", {"form": form, "volunteer": volunteer})


@require_POST
@coordinator_required
def volunteer_approve(request, pk):
    volunteer = get_object_or_404(volunteers.volunteers_of(request.user), pk=pk)
    volunteer = volunteers.approve_volunteer(by=request.user, volunteer_id=volunteer.pk)
    messages.success(request, _("%(name)s er godkendt.") % {"name": volunteer})
    return redirect("frontend:volunteers")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse til ansøgeren (valgfri)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@coordinator_required
def volunteer_decline(request, pk):
    """The answer to an application a coordinator cannot use: the applicant is told."""
    volunteer = get_object_or_404(volunteers.volunteers_of(request.user), pk=pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            volunteers.decline_volunteer(
                by=request.user, volunteer_id=volunteer.pk, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Ansøgningen fra %(name)s er afvist, og ansøgeren får besked.")
                % {"name": volunteer},
            )
            return redirect("frontend:volunteers")
    return render(
        request,
        "frontend/volunteers/decline.html",
        {
            "form": form,
            "volunteer": volunteer,
            "retention_days": settings.VOLUNTEER_DECLINED_RETENTION_DAYS,
        },
    )


def volunteer_sign_up(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
        try:
            volunteers.sign_up(
                data=data, client=client_address(request), consent=form.cleaned_data["consent"]
            )
        except volunteers.SignUpRefused as error:
            add_service_errors(form, error)
            return render(request, "frontend/volunteers/sign_up.html", {"form": form}, status=429)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("frontend:volunteer-thanks")
    return render(request, "frontend/volunteers/sign_up.html", {"form": form})


def volunteer_thanks(request):
    return render(request, "frontend/volunteers/thanks.html")
