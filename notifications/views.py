"""Pages of notifications: a user's message preferences, the unsubscribe link, the
delivery log of a coordinator's organisations, and the printed invitation."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching import selectors as matching_selectors
from matching.access import record_shown
from matching.models import Citizen, Match
from meetingplaces.roles import is_coordinator, teams_of

from . import delivery, selectors
from .compose import UNSUBSCRIBE_SALT, preference_of
from .models import Message, Preference
from .services import visit_context


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["proposals", "reminders", "language"]
        widgets = {"proposals": forms.RadioSelect}
        help_texts = {
            "proposals": _("Gælder for koordinatorer: nye forslag til jeres aktiviteter."),
            "reminders": _(
                "Fx når en aktivitet bør tjekkes. Beskeder om borgere og forslag får du altid."
            ),
        }


@login_required
def preferences(request):
    form = PreferenceForm(request.POST or None, instance=preference_of(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dine indstillinger er gemt."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def unsubscribe(request, token):
    """The link in non-essential e-mails: turns those off without signing in."""
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise Http404 from None
    if request.method == "POST":
        Preference.objects.update_or_create(user_id=user_id, defaults={"reminders": False})
        return render(request, "notifications/unsubscribed.html")
    return render(request, "notifications/unsubscribe.html")


def _coordinator(request):
    if not is_coordinator(request.user):
        raise PermissionDenied


@login_required
def delivery_log(request):
    _coordinator(request)
    state = request.GET.get("tilstand", "")
    if state not in Message.State.values:
        state = ""
    rows = [
        (message, selectors.recipient_label(message))
        for message in selectors.messages_of_organisations(request.user, state=state)[:200]
    ]
    return render(
        request,
        "notifications/log.html",
        {
            "rows": rows,
            "state": state,
            "states": Message.State.choices,
            "failures": selectors.failures_of_organisations(request.user).count(),
        },
    )


@login_required
@require_POST
def retry(request, pk):
    _coordinator(request)
    message = get_object_or_404(selectors.failures_of_organisations(request.user), pk=pk)
    delivery.retry(message=message)
    messages.success(request, _("Beskeden sendes igen."))
    return redirect("notifications:log")


@login_required
def invitation(request, citizen_id, match_id):
    """The printed invitation staff hand to a citizen without phone or e-mail."""
    if not teams_of(request.user).exists():
        raise PermissionDenied
    try:
        citizen = matching_selectors.citizen_with_history(user=request.user, citizen_id=citizen_id)
    except Citizen.DoesNotExist:
        raise Http404 from None
    match = get_object_or_404(
        Match.objects.select_related(
            "activity__meeting_place", "activity__organisation", "companion", "coordinator"
        ),
        pk=match_id,
        citizen=citizen,
        status__in=Match.OPEN,
    )
    match.citizen = citizen
    record_shown(request.user, [citizen], view="notifications:invitation")
    context = visit_context(match)
    place = context["place"]
    home = (citizen.latitude, citizen.longitude) if citizen.anonymised_at is None else None
    # The letter is a message too: the log shows it was printed.
    Message.objects.get_or_create(
        dedupe_key=f"letter:{match.pk}",
        defaults={
            "channel": Message.Channel.LETTER,
            "template": "invitation",
            "citizen": citizen,
            "match": match,
            "organisation": match.organisation,
            "subject": _("Invitation"),
            "body": f"{match.activity.title}, {place.name}",
            "state": Message.State.SENT,
            "attempts": 1,
            "sent_at": timezone.now(),
        },
    )
    return render(
        request,
        "notifications/invitation.html",
        {
            **context,
            "citizen": citizen,
            "map": selectors.invitation_map(place, home),
            "accepted": match.status in Match.SEAT_HOLDING,
        },
    )
