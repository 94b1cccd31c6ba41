"""Relatives' peer mentors: the public request page, the home-care staff's page to register
a request for a relative, and the coordinator's pages (requests with their suggested
mentors, the mentor offers). Thin: the forms check, `mentors.services` decide, and
every read of a request goes through `mentors.access`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from meetingplaces.roles import coordinators_of
from mentors import selectors, services
from mentors.access import access_mentor_request, record_requests_shown
from mentors.models import MentorOffer
from mentors.services import follow_ups
from security.addresses import client_address

from .decorators import coordinator_required, staff_required, volunteer_required
from .forms import add_service_errors, service_messages
from .mentor_forms import (
    AcceptRequestForm,
    DeclineOfferForm,
    DeclineRequestForm,
    FollowUpAnswerForm,
    HandOverForm,
    MentorOfferForm,
    OwnMentorOfferForm,
    PublicMentorRequestForm,
    StaffMentorRequestForm,
)

# Public pages ------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def relative_request(request):
    """A relative asks for a mentor: no sign-in, with consent, rate-limited per address."""
    form = PublicMentorRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            services.note_attempt(client=client_address(request))
        except services.RateLimited as error:
            form.is_valid()
            add_service_errors(form, error)
            status = 429
        else:
            if form.is_valid():
                if form.cleaned_data["website"]:
                    # A robot filled the honeypot: it sees the same thanks, nothing is saved.
                    return redirect("frontend:relative-thanks")
                if _created(form, registered_by=None):
                    return redirect("frontend:relative-thanks")
            status = 400
    return render(
        request,
        "frontend/mentors/relative_request.html",
        {"form": form, "has_mentors": form.fields["organisation"].queryset.exists()},
        status=status,
    )


def _created(form, *, registered_by) -> bool:
    data = form.service_data()
    try:
        services.create_request(
            data=data,
            organisation_id=data["organisation"].pk,
            consent=data["consent"],
            registered_by=registered_by,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@require_safe
def relative_thanks(request):
    return render(request, "frontend/mentors/relative_thanks.html")


@require_http_methods(["GET", "HEAD", "POST"])
def follow_up_answer(request, token):
    """The link in the 4- and 12-week question: a GET shows the question (a mail scanner
    following the link answers nothing), the POST records the answer."""
    follow_up = follow_ups.follow_up_for_token(token)
    if follow_up is None:
        raise Http404
    initial = (
        {"helped": request.GET.get("svar")} if request.GET.get("svar") in ("ja", "nej") else {}
    )
    form = FollowUpAnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        follow_ups.answer(follow_up=follow_up, helped=form.cleaned_data["helped"])
        return render(request, "frontend/mentors/follow_up_thanks.html")
    return render(
        request,
        "frontend/mentors/follow_up.html",
        {"form": form, "weeks": 4 if follow_up.kind == "week_4" else 12},
    )


# Volunteers --------------------------------------------------------------------------


@volunteer_required
def own_offer(request):
    """A volunteer offers to be a relatives' mentor; a coordinator approves it."""
    current = MentorOffer.objects.filter(volunteer__user=request.user).first()
    form = OwnMentorOfferForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_as_volunteer(by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Tak! Koordinatoren ser på dit tilbud og giver dig besked.")
            )
            return redirect("frontend:volunteer-mentor-offer")
    return render(
        request,
        "frontend/mentors/own_offer.html",
        {"form": form, "current": current},
        status=400 if form.errors else 200,
    )


# Home-care staff ---------------------------------------------------------------------


@staff_required
def staff_request(request):
    """Staff register a request for a relative they met; they see the status of theirs."""
    form = StaffMentorRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _created(form, registered_by=request.user):
        messages.success(request, _("Anmodningen er sendt til foreningens koordinator."))
        return redirect("frontend:homecare-mentor-request")
    return render(
        request,
        "frontend/mentors/staff_request.html",
        {
            "form": form,
            "has_mentors": form.fields["organisation"].queryset.exists(),
            # Status and date only: no name or number on this list.
            "registered": selectors.requests_registered_by(request.user)[:20],
        },
        status=400 if form.errors else 200,
    )


# Coordinators ------------------------------------------------------------------------


@require_safe
@coordinator_required
def mentor_overview(request):
    new = record_requests_shown(
        request.user, selectors.new_requests_of(request.user), view="frontend:mentors"
    )
    ongoing = record_requests_shown(
        request.user, selectors.ongoing_requests_of(request.user), view="frontend:mentors"
    )
    return render(
        request,
        "frontend/mentors/overview.html",
        {"new": new, "ongoing": ongoing, "offers": selectors.offers_of(request.user)},
    )


@require_safe
@coordinator_required
def request_page(request, pk):
    found = access_mentor_request(request.user, pk, view="frontend:mentor-request")
    return render(
        request,
        "frontend/mentors/request.html",
        {
            "found": found,
            "suggestions": selectors.suggestions_for(found) if found.can_accept else [],
            "decline_form": DeclineRequestForm(),
            "colleagues": coordinators_of(found.organisation_id).exclude(pk=request.user.pk),
        },
    )


def _step(request, pk, form_class, act):
    """Run one step from a POSTed form; its refusal becomes messages on the request page."""
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("frontend:mentor-request", pk=pk)
    try:
        act(form.cleaned_data)
    except (ValidationError, services.MentorError) as error:
        for message in service_messages(error):
            messages.error(request, message)
    return redirect("frontend:mentor-request", pk=pk)


@require_POST
@coordinator_required
def request_accept(request, pk):
    access_mentor_request(request.user, pk, view="frontend:mentor-request-accept")

    def accept(data):
        services.accept_request(request_id=pk, by=request.user, mentor_id=data["mentor"])
        messages.success(request, _("Mentoren og den pårørende får besked."))

    return _step(request, pk, AcceptRequestForm, accept)


@require_POST
@coordinator_required
def request_decline(request, pk):
    access_mentor_request(request.user, pk, view="frontend:mentor-request-decline")

    def decline(data):
        services.decline_request(request_id=pk, by=request.user, category=data["category"])
        messages.success(request, _("Anmodningen er afvist, og den pårørende får besked."))

    return _step(request, pk, DeclineRequestForm, decline)


@require_POST
@coordinator_required
def request_hand_over(request, pk):
    access_mentor_request(request.user, pk, view="frontend:mentor-request-hand-over")

    def hand_over(data):
        services.hand_over_request(request_id=pk, by=request.user, to_id=data["coordinator"])
        messages.success(request, _("Anmodningen er givet videre."))

    return _step(request, pk, HandOverForm, hand_over)


@require_POST
@coordinator_required
def request_end(request, pk):
    access_mentor_request(request.user, pk, view="frontend:mentor-request-end")
    try:
        services.end_mentorship(request_id=pk, by=request.user)
    except services.MentorError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Forløbet er afsluttet."))
    return redirect("frontend:mentor-request", pk=pk)


@coordinator_required
def offer_form(request):
    form = MentorOfferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        volunteer = data.pop("volunteer")
        try:
            offer = services.save_offer(by=request.user, volunteer_id=volunteer.pk, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tilbuddet fra %(name)s er gemt.") % {"name": offer})
            return redirect("frontend:mentors")
    return render(
        request,
        "frontend/mentors/offer_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _offer_of(user, pk) -> MentorOffer:
    return get_object_or_404(selectors.offers_of(user), pk=pk)


@require_POST
@coordinator_required
def offer_approve(request, pk):
    offer = services.approve_offer(by=request.user, offer_id=_offer_of(request.user, pk).pk)
    messages.success(request, _("%(name)s er godkendt som mentor.") % {"name": offer})
    return redirect("frontend:mentors")


@coordinator_required
def offer_decline(request, pk):
    offer = _offer_of(request.user, pk)
    form = DeclineOfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_offer(
                by=request.user, offer_id=offer.pk, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tilbuddet er afvist, og den frivillige får besked."))
            return redirect("frontend:mentors")
    return render(request, "frontend/mentors/offer_decline.html", {"form": form, "offer": offer})
