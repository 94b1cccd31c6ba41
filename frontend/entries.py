"""The entries their owners keep: a coordinator's organisation's activities and meeting
places (a municipality admin's: their municipality's), their schedules, cancellations and
breaks, publishing and pausing, and "Stadig korrekt"; the admin's freshness list.

Every page fetches its entry through meetingplaces.entries.selectors, so an entry of
another organisation is the same 404 as one that does not exist.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetingplaces.entries import freshness, selectors, services

from .decorators import entries_keeper_required, municipality_admin_required
from .entry_forms import ActivityForm, CancellationForm, MeetingPlaceForm
from .forms import add_service_errors, service_messages


@entries_keeper_required
def entry_list(request):
    today = timezone.localdate()
    activities = list(selectors.activities_kept_by(request.user))
    for activity in activities:
        activity.state = activity.freshness(today=today)
    return render(
        request,
        "frontend/entries/list.html",
        {"activities": activities, "places": selectors.places_kept_by(request.user)},
    )


@entries_keeper_required
def activity_form(request, uuid=None):
    activity = selectors.access_activity(request.user, uuid) if uuid else None
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_activity(
                by=request.user, data=form.service_data(), activity=activity
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(title)s er gemt.") % {"title": saved.title})
            return redirect("frontend:entry-activity", uuid=saved.uuid)
    context = {"form": form, "activity": activity}
    if activity is not None:
        context["cancellations"] = selectors.cancellations_of(activity)
        context["cancel_form"] = CancellationForm()
    return render(request, "frontend/entries/activity.html", context, status=_status(form))


@require_POST
@entries_keeper_required
def activity_cancel(request, uuid):
    activity = selectors.access_activity(request.user, uuid)
    form = CancellationForm(request.POST)
    if form.is_valid():
        try:
            services.cancel(
                by=request.user,
                activity=activity,
                first=form.cleaned_data["date"],
                last=form.cleaned_data["last_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Aflysningen er gemt og vises for borgerne."))
            return redirect("frontend:entry-activity", uuid=activity.uuid)
    return render(
        request,
        "frontend/entries/activity.html",
        {
            "form": ActivityForm(instance=activity, user=request.user),
            "activity": activity,
            "cancellations": selectors.cancellations_of(activity),
            "cancel_form": form,
        },
        status=400,
    )


@require_POST
@entries_keeper_required
def activity_uncancel(request, uuid, pk):
    activity = selectors.access_activity(request.user, uuid)
    try:
        services.remove_cancellation(by=request.user, activity=activity, cancellation_id=pk)
    except ValidationError as error:
        for message in service_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Aflysningen er fjernet."))
    return redirect("frontend:entry-activity", uuid=activity.uuid)


@require_POST
@entries_keeper_required
def activity_publish(request, uuid):
    activity = selectors.access_activity(request.user, uuid)
    published = request.POST.get("published") == "1"
    services.set_published(by=request.user, activity=activity, published=published)
    if published:
        messages.success(request, _("%(title)s vises nu i søgningen.") % {"title": activity})
    else:
        messages.success(request, _("%(title)s holder pause og vises ikke.") % {"title": activity})
    return redirect("frontend:entries")


@require_POST
@entries_keeper_required
def activity_verify(request, uuid):
    activity = selectors.access_activity(request.user, uuid)
    services.verify_activity(by=request.user, activity=activity)
    messages.success(request, _("Tak! %(title)s er bekræftet.") % {"title": activity})
    return redirect("frontend:entries")


def activity_confirm(request, token):
    """The reminder e-mail's link: the page shows the entry and one button. A GET changes
    nothing, because mail scanners open links before the person does."""
    try:
        _user, activity = freshness.activity_of_token(token)
    except ValidationError as error:
        return render(
            request,
            "frontend/entries/confirm.html",
            {"problem": service_messages(error)[0], "used": error.code == "used"},
            status=200 if error.code == "used" else 400,
        )
    if request.method == "POST":
        freshness.verify_by_token(token)
        return render(request, "frontend/entries/confirm.html", {"done": activity})
    return render(request, "frontend/entries/confirm.html", {"activity": activity})


@entries_keeper_required
def place_form(request, uuid=None):
    place = selectors.access_place(request.user, uuid) if uuid else None
    form = MeetingPlaceForm(request.POST or None, instance=place, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_meeting_place(
                by=request.user, data=form.cleaned_data, place=place
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s er gemt.") % {"name": saved.name})
            return redirect("frontend:entries")
    return render(
        request, "frontend/entries/place.html", {"form": form, "place": place}, status=_status(form)
    )


@municipality_admin_required
def freshness_list(request, municipality):
    today = timezone.localdate()
    activities = list(selectors.freshness_list(municipality=municipality))
    for activity in activities:
        activity.state = activity.freshness(today=today)
    return render(request, "frontend/entries/freshness.html", {"activities": activities})


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200
