"""The coordinator's inbox: proposals with their reasons, ongoing matches, self-referrals,
each match's page with its steps, and the citizens due for re-screening."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from matching import inbox, lifecycle
from matching.models import Match, SelfReferral
from meetingplaces.models import Membership, Volunteer
from meetingplaces.roles import is_coordinator
from meetingplaces.volunteers import companions_for


def coordinator_required(view):
    """Signed-in coordinators only: others are sent to log in, or refused."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_coordinator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _lists_context(request) -> dict:
    proposals = list(inbox.proposals_of(request.user))
    ongoing = list(inbox.ongoing_of(request.user))
    referrals = list(inbox.self_referrals_of(request.user))
    inbox.record_reads(user=request.user, matches=proposals + ongoing, view="frontend:inbox")
    inbox.record_referral_reads(user=request.user, referrals=referrals, view="frontend:inbox")
    return {
        "proposals": [(m, inbox.citizen_card(m)) for m in proposals],
        "ongoing": [(m, inbox.citizen_card(m)) for m in ongoing],
        "referrals": referrals,
    }


@require_GET
@coordinator_required
def inbox_page(request):
    return render(request, "frontend/inbox/index.html", _lists_context(request))


@require_GET
@coordinator_required
def inbox_lists(request):
    """The lists alone, fetched by inbox.js when the WebSocket says something changed."""
    return render(request, "frontend/inbox/_lists.html", _lists_context(request))


def _match_of(request, pk) -> Match:
    try:
        return inbox.matches_of(request.user).prefetch_related("history__changed_by").get(pk=pk)
    except (Match.DoesNotExist, ValidationError) as error:
        raise Http404 from error


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Årsag til afvisningen"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StepForm(forms.Form):
    on = forms.DateField(
        label=gettext_lazy("Dato"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    note = forms.CharField(label=gettext_lazy("Note (valgfri)"), max_length=300, required=False)


NEXT_STEP = {
    Match.Status.ACCEPTED: Match.Status.CONTACTED,
    Match.Status.CONTACTED: Match.Status.FIRST_VISIT,
    Match.Status.FIRST_VISIT: Match.Status.PARTICIPATING,
}


def _colleagues(match: Match):
    return (
        get_user_model()
        .objects.filter(
            memberships__role=Membership.Role.COORDINATOR,
            memberships__organisation_id=match.organisation_id,
            is_active=True,
        )
        .order_by("first_name", "username")
        .distinct()
    )


@require_GET
@coordinator_required
def match_page(request, pk):
    match = _match_of(request, pk)
    inbox.record_reads(user=request.user, matches=[match], view="frontend:match")
    next_step = NEXT_STEP.get(match.status)
    return render(
        request,
        "frontend/inbox/match.html",
        {
            "match": match,
            "card": inbox.citizen_card(match),
            "companions": companions_for(match=match)
            if match.status == Match.Status.PROPOSED
            else [],
            "colleagues": [c for c in _colleagues(match) if c.pk != request.user.pk],
            "decline_form": DeclineForm(),
            "step_form": StepForm(),
            "next_step": next_step,
            "next_step_label": lifecycle.STEP_LABELS.get(next_step),
            "can_end": match.status in Match.SEAT_HOLDING,
            "can_hand_over": match.status in Match.OPEN,
        },
    )


def _act(request, match: Match, call, success: str):
    try:
        call()
    except lifecycle.MatchError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("frontend:match", pk=match.pk)


@require_POST
@coordinator_required
def match_accept(request, pk):
    match = _match_of(request, pk)
    companion = None
    if request.POST.get("companion"):
        companion = Volunteer.objects.filter(
            pk=request.POST["companion"], organisation_id=match.organisation_id
        ).first()
        if companion is None:
            messages.error(request, _("Følgevennen findes ikke i organisationen."))
            return redirect("frontend:match", pk=match.pk)
    return _act(
        request,
        match,
        lambda: lifecycle.accept_match(match=match, by=request.user, companion=companion),
        _("Forslaget er accepteret. Borgerens telefonnummer vises nu."),
    )


@require_POST
@coordinator_required
def match_decline(request, pk):
    match = _match_of(request, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en årsag til afvisningen."))
        return redirect("frontend:match", pk=match.pk)
    try:
        following = lifecycle.decline_match(
            match=match, by=request.user, reason=form.cleaned_data["reason"]
        )
    except lifecycle.MatchError as error:
        messages.error(request, str(error))
        return redirect("frontend:match", pk=match.pk)
    messages.success(request, _("Forslaget er afvist."))
    if following is not None:
        messages.info(
            request,
            _("Borgeren har fået et nyt forslag: %(activity)s.")
            % {"activity": following.activity.title},
        )
    return redirect("frontend:inbox")


@require_POST
@coordinator_required
def match_hand_over(request, pk):
    match = _match_of(request, pk)
    colleague = _colleagues(match).filter(pk=request.POST.get("coordinator") or 0).first()
    if colleague is None:
        messages.error(request, _("Vælg en koordinator i organisationen."))
        return redirect("frontend:match", pk=match.pk)
    return _act(
        request,
        match,
        lambda: lifecycle.hand_over(match=match, by=request.user, to=colleague),
        _("Matchet er givet videre til %(name)s.")
        % {"name": colleague.get_full_name() or colleague.username},
    )


@require_POST
@coordinator_required
def match_step(request, pk):
    match = _match_of(request, pk)
    step = request.POST.get("step")
    form = StepForm(request.POST)
    if step not in lifecycle.STEP_LABELS or not form.is_valid():
        messages.error(request, _("Vælg et trin og en gyldig dato."))
        return redirect("frontend:match", pk=match.pk)
    return _act(
        request,
        match,
        lambda: lifecycle.record_step(
            match=match,
            by=request.user,
            step=step,
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        ),
        _("Registreret: %(step)s.") % {"step": lifecycle.STEP_LABELS[step]},
    )


@require_POST
@coordinator_required
def referral_handled(request, pk):
    try:
        referral = inbox.self_referrals_of(request.user).get(pk=pk)
    except (SelfReferral.DoesNotExist, ValidationError) as error:
        raise Http404 from error
    inbox.mark_referral_handled(referral=referral, by=request.user)
    messages.success(request, _("Henvendelsen er markeret som behandlet."))
    return redirect("frontend:inbox")


@require_GET
@coordinator_required
def follow_ups(request):
    due = inbox.follow_ups_due(request.user)
    inbox.record_reads(
        user=request.user, matches=[f.match for f in due], view="frontend:follow-ups"
    )
    return render(
        request,
        "frontend/inbox/follow_ups.html",
        {"due": [(f, inbox.citizen_card(f.match)) for f in due]},
    )
