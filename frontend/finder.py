"""The activity finder's pages: search results on a list and a map, an activity, a meeting
place, their calendars, and the "I would like someone to go with me" form.

The list is the page; the map (frontend/static/frontend/map.js) only enhances it.
"""

import hashlib
import re
import uuid
from functools import wraps

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from frontend.calendars import subscriptions
from matching.selfreferrals import (
    CONSENT_TEXT,
    RateLimited,
    create_self_referral,
    note_attempt,
)
from meetingplaces import vocabulary
from meetingplaces.models import Activity
from meetingplaces.open_data import published_municipalities
from meetingplaces.search import NearField
from meetingplaces.selectors import (
    DEFAULT_RADIUS_KM,
    ActivityFilters,
    activities_at,
    activities_near,
    public_activities,
    public_meeting_places,
    upcoming_cancellations,
)
from security.addresses import client_address

from .forms import add_service_errors

RESULTS_PER_PAGE = 20
NEXT_DATES_SHOWN = 5
RADIUS_CHOICES = [(km, f"{km} km") for km in (1, 2, 5, 10, 20, 50)]
TIME_OF_DAY_CHOICES = [
    ("", gettext_lazy("Hele dagen")),
    *[(str(part.value), part.label) for part in vocabulary.PartOfDay],
]

# Per-response values left out of a page's ETag: the masked CSRF token and the
# self-referral form's one-time token.
_PER_RESPONSE = re.compile(rb'name="(?:csrfmiddlewaretoken|form_token)" value="[^"]*"')


def conditional_page(view):
    """An ETag from the page's body, so that a repeated GET is answered 304 Not Modified.

    Pages hold the visitor's CSRF token, masked anew on every response (BREACH), so the
    body alone would never match twice: the masked tokens are left out of the digest and
    the visitor's unmasked CSRF secret put in (a new secret, after a login, changes the
    tag). The self-referral form's one-time token is left out too: a visitor answered 304
    keeps the form (and token) they have. Private, because of those tokens.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        digest = hashlib.sha256(_PER_RESPONSE.sub(b"", response.content))
        digest.update(request.META.get("CSRF_COOKIE", "").encode())
        response["ETag"] = f'"{digest.hexdigest()[:32]}"'
        patch_cache_control(response, private=True, max_age=60)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return wrapped


class FinderForm(forms.Form):
    near = NearField(label=gettext_lazy("Adresse, postnummer eller by"))
    radius_km = forms.TypedChoiceField(
        label=gettext_lazy("Afstand"),
        choices=RADIUS_CHOICES,
        coerce=int,
        required=False,
        empty_value=int(DEFAULT_RADIUS_KM),
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Slags aktivitet"),
        choices=[("", gettext_lazy("Alle slags")), *vocabulary.Category.choices],
        required=False,
    )
    weekday = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Ugedage"),
        choices=vocabulary.Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    time_of_day = forms.TypedChoiceField(
        label=gettext_lazy("Tid på dagen"),
        choices=TIME_OF_DAY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    step_free = forms.BooleanField(label=gettext_lazy("Trinfri adgang"), required=False)
    free = forms.BooleanField(label=gettext_lazy("Gratis"), required=False)
    companion = forms.BooleanField(label=gettext_lazy("En følgeven kan komme med"), required=False)

    def filters(self) -> ActivityFilters:
        data = self.cleaned_data
        return ActivityFilters(
            category=data["category"] or None,
            weekdays=tuple(data["weekday"]),
            time_of_day=data["time_of_day"],
            step_free=True if data["step_free"] else None,
            free=True if data["free"] else None,
            companion=True if data["companion"] else None,
        )


class SelfReferralForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("Dit fornavn"), max_length=50)
    phone = forms.CharField(
        label=gettext_lazy("Telefon"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=gettext_lazy("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    postcode = forms.CharField(
        label=gettext_lazy("Dit postnummer"),
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=True)
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by form-filling robots.
    website = forms.CharField(
        label=gettext_lazy("Lad dette felt stå tomt"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    # A new one-time token with each empty form: the same form sent twice makes one request.
    form_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_token"] = str(uuid.uuid4())
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["first_name"].error_messages["required"] = _("Skriv dit fornavn.")
        self.fields["postcode"].error_messages["required"] = _("Skriv dit postnummer, fx 4990.")
        self.fields["consent"].error_messages["required"] = _(
            "Sæt kryds, hvis du siger ja til at blive kontaktet."
        )

    def clean_form_token(self) -> uuid.UUID | None:
        # A missing or mangled token only loses the protection, never the request.
        try:
            return uuid.UUID(self.cleaned_data["form_token"])
        except ValueError:
            return None


def _markers(activities) -> list[dict]:
    """What the map needs of each result; the template turns it into JSON safely."""
    return [
        {
            "title": activity.title,
            "place": activity.meeting_place.name,
            "when": f"{activity.get_weekday_display()} "
            f"{activity.start_time:%H.%M}–{activity.end_time:%H.%M}",
            "url": reverse("frontend:activity", args=[activity.uuid]),
            "lat": activity.meeting_place.latitude,
            "lon": activity.meeting_place.longitude,
        }
        for activity in activities
    ]


def _map_settings() -> dict:
    return {
        "tiles_url": settings.MAP_TILES_URL,
        "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
    }


@conditional_page
@require_safe
def results(request):
    data = None
    if request.GET:
        data = request.GET.copy()
        # The start page sends only the place: show the default distance as chosen.
        data.setdefault("radius_km", str(int(DEFAULT_RADIUS_KM)))
    form = FinderForm(data)
    context = {
        "form": form,
        "map": _map_settings(),
        "subscriptions": [
            feed
            for municipality in published_municipalities()
            for feed in subscriptions(request, municipality=municipality)
        ],
    }
    if form.is_bound and form.is_valid():
        place = form.cleaned_data["near"]
        found = activities_near(
            point=place.point, radius_km=form.cleaned_data["radius_km"], filters=form.filters()
        )
        page = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            place=place,
            page=page,
            activities=page.object_list,
            markers=_markers(page.object_list),
            centre={"lat": place.point[0], "lon": place.point[1]},
            query=query.urlencode(),
            today=timezone.localdate(),
        )
    elif form.is_bound:
        context["near_choices"] = _near_choices(request, form)
    return render(request, "frontend/finder/results.html", context)


def _near_choices(request, form) -> list[tuple[str, str]]:
    """Each place a shared name could mean, as a link to the same search from there."""
    choices = []
    for error in form.errors.as_data().get("near", []):
        if error.code == "ambiguous":
            for choice in error.params["choices"]:
                query = request.GET.copy()
                query["near"] = choice
                query.pop("page", None)
                choices.append((choice, query.urlencode()))
    return choices


def _activity(uuid) -> Activity:
    return get_object_or_404(public_activities(), uuid=uuid)


@conditional_page
@require_http_methods(["GET", "HEAD", "POST"])
def activity(request, uuid):
    activity = _activity(uuid)
    status = 200
    if request.method == "POST":
        form = SelfReferralForm(request.POST)
        try:
            note_attempt(client=client_address(request))
        except RateLimited:
            form.is_valid()
            form.add_error(None, _("Vi har fået mange henvendelser fra dig. Prøv igen om en time."))
            status = 429
        else:
            if form.is_valid():
                if form.cleaned_data["website"]:
                    # A robot filled the honeypot: it sees the same thanks, nothing is saved.
                    return redirect("frontend:activity-thanks", uuid=activity.uuid)
                try:
                    create_self_referral(
                        activity=activity,
                        first_name=form.cleaned_data["first_name"],
                        phone=form.cleaned_data["phone"],
                        email=form.cleaned_data["email"],
                        postcode=form.cleaned_data["postcode"],
                        consent_text=str(CONSENT_TEXT),
                        form_token=form.cleaned_data["form_token"],
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    return redirect("frontend:activity-thanks", uuid=activity.uuid)
            status = 400
    else:
        form = SelfReferralForm()
    return render(
        request,
        "frontend/finder/activity.html",
        {
            "activity": activity,
            "place": activity.meeting_place,
            "next_dates": activity.upcoming_dates(now=timezone.now(), count=NEXT_DATES_SHOWN),
            "cancellations": upcoming_cancellations(activity),
            "unverified": activity.freshness(today=timezone.localdate()) == "unverified",
            "interests": vocabulary.interest_labels(activity.interests),
            "form": form,
            "markers": _markers([activity]),
            "map": _map_settings(),
        },
        status=status,
    )


@require_safe
def activity_thanks(request, uuid):
    return render(request, "frontend/finder/thanks.html", {"activity": _activity(uuid)})


@conditional_page
@require_safe
def meeting_place(request, uuid):
    place = get_object_or_404(public_meeting_places(), uuid=uuid)
    activities = list(activities_at(meeting_place=place))
    return render(
        request,
        "frontend/finder/meeting_place.html",
        {
            "place": place,
            "activities": activities,
            "today": timezone.localdate(),
            "subscriptions": subscriptions(
                request, place=place, organisation=place.host, municipality=place.municipality
            ),
            "markers": [
                {
                    "title": place.name,
                    "place": place.address,
                    "when": "",
                    "url": reverse("frontend:meeting-place", args=[place.uuid]),
                    "lat": place.latitude,
                    "lon": place.longitude,
                }
            ],
            "map": _map_settings(),
        },
    )
