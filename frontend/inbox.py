"""The coordinator's inbox: proposals with their reasons, ongoing matches, self-referrals,
each match's page with its steps, and the citizens due for re-screening."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from matching import inbox, lifecycle, selectors, selfreferrals
from matching.access import access_match, record_shown
from matching.models import Match
from meetingplaces.roles import coordinators_of
from mentors.access import record_requests_shown
from mentors.selectors import new_requests_of
from security.cpr import refuse_cpr_number

from .decorators import coordinator_required
from .forms import service_messages


def _lists_context(request) -> dict:
    proposals = list(selectors.proposals_of(request.user))
    ongoing = list(selectors.ongoing_of(request.user))
    referrals = list(selectors.self_referrals_of(request.user))
    record_shown(request.user, [*proposals, *ongoing, *referrals], view="frontend:inbox")
    mentor_requests = record_requests_shown(
        request.user, new_requests_of(request.user), view="frontend:inbox"
    )
    return {
        "mentor_requests": mentor_requests,
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


class AcceptForm(forms.Form):
    companion = forms.IntegerField(required=False)


class HandOverForm(forms.Form):
    coordinator = forms.IntegerField()


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Årsag til afvisningen"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[refuse_cpr_number],
        error_messages={"required": gettext_lazy("Skriv en årsag til afvisningen.")},
    )


class StepForm(forms.Form):
    on = forms.DateField(
        label=gettext_lazy("Dato"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    note = forms.CharField(
        label=gettext_lazy("Note (valgfri)"),
        max_length=300,
        required=False,
        validators=[refuse_cpr_number],
    )


@require_GET
@coordinator_required
def match_page(request, pk):
    match = access_match(request.user, pk, view="frontend:match")
    return render(
        request,
        "frontend/inbox/match.html",
        {
            "match": match,
            "card": inbox.citizen_card(match),
            "companions": selectors.companions_for(match=match)
            if match.status == Match.Status.PROPOSED
            else [],
            "colleagues": coordinators_of(match.organisation_id).exclude(pk=request.user.pk),
            "decline_form": DeclineForm(),
            "step_form": StepForm(),
            "next_step_label": lifecycle.STEP_LABELS.get(match.next_step),
        },
    )


def _act(request, match: Match, call, success):
    """Run the service; say what happened (`success` may be a function of its result), or
    the service's refusal."""
    try:
        result = call()
    except (lifecycle.MatchError, ValidationError) as error:
        for message in service_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect("frontend:match", pk=match.pk)


@require_POST
@coordinator_required
def match_accept(request, pk):
    match = access_match(request.user, pk, view="frontend:match-accept")
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg en af de foreslåede følgevenner."))
        return redirect("frontend:match", pk=match.pk)
    return _act(
        request,
        match,
        lambda: lifecycle.accept_match(
            match_id=match.pk, by=request.user, companion_id=form.cleaned_data["companion"]
        ),
        _("Forslaget er accepteret. Borgerens telefonnummer vises nu."),
    )


@require_POST
@coordinator_required
def match_decline(request, pk):
    match = access_match(request.user, pk, view="frontend:match-decline")
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect("frontend:match", pk=match.pk)
    try:
        following = lifecycle.decline_match(
            match_id=match.pk, by=request.user, reason=form.cleaned_data["reason"]
        )
    except (lifecycle.MatchError, ValidationError) as error:
        for message in service_messages(error):
            messages.error(request, message)
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
    match = access_match(request.user, pk, view="frontend:match-hand-over")
    form = HandOverForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg en koordinator i organisationen."))
        return redirect("frontend:match", pk=match.pk)
    return _act(
        request,
        match,
        lambda: lifecycle.hand_over(
            match_id=match.pk, by=request.user, to_id=form.cleaned_data["coordinator"]
        ),
        lambda done: _("Matchet er givet videre til %(name)s.")
        % {"name": done.coordinator.get_full_name() or done.coordinator.username},
    )


@require_POST
@coordinator_required
def match_step(request, pk):
    match = access_match(request.user, pk, view="frontend:match-step")
    step = request.POST.get("step")
    form = StepForm(request.POST)
    if step not in lifecycle.STEP_LABELS or not form.is_valid():
        # A refused note says why; anything else is a step or date the page did not offer.
        messages.error(
            request, " ".join(form.errors.get("note", [])) or _("Vælg et trin og en gyldig dato.")
        )
        return redirect("frontend:match", pk=match.pk)
    return _act(
        request,
        match,
        lambda: lifecycle.record_step(
            match_id=match.pk,
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
    selfreferrals.mark_referral_handled(referral_id=pk, by=request.user)
    messages.success(request, _("Henvendelsen er markeret som behandlet."))
    return redirect("frontend:inbox")


@require_GET
@coordinator_required
def follow_ups(request):
    due = selectors.follow_ups_due(request.user)
    record_shown(request.user, [f.match for f in due], view="frontend:follow-ups")
    return render(
        request,
        "frontend/inbox/follow_ups.html",
        {"due": [(f, inbox.citizen_card(f.match)) for f in due]},
    )
