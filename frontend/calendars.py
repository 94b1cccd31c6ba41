"""Calendar files and subscriptions (webcal): one activity, or every published activity of
a meeting place, an organisation or a municipality.

Calendars hold nothing personal, so any cache may keep them a while; each carries an
ETag of its body, so a calendar app that asks again gets 304 until something changed.
"""

from django.http import Http404, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from meetingplaces import ical, open_data
from meetingplaces.models import MeetingPlace

public_calendar = cache_control(public=True, max_age=300)
calendar_etag = decorator_from_middleware(ConditionalGetMiddleware)


def webcal_url(request, name: str, *args) -> str:
    """The subscription address of a feed: its URL with the webcal scheme, which phones
    and desktop calendars open as "subscribe" rather than "import once"."""
    url = request.build_absolute_uri(reverse(name, args=args))
    return "webcal://" + url.split("://", 1)[1]


def subscriptions(request, *, place=None, organisation=None, municipality=None) -> list:
    """(label, webcal URL, file URL) for the feeds a page offers."""
    feeds = []
    if place is not None:
        feeds.append((place.name, "frontend:meeting-place-ical", place.uuid))
    if organisation is not None:
        feeds.append((organisation.name, "frontend:organisation-ical", organisation.uuid))
    if municipality is not None:
        feeds.append((municipality.name, "frontend:municipality-ical", municipality.slug))
    return [
        (label, webcal_url(request, name, key), reverse(name, args=[key]))
        for label, name, key in feeds
    ]


def _feed(request, name: str, activities, filename: str) -> HttpResponse:
    def page(activity):
        return request.build_absolute_uri(reverse("frontend:activity", args=[activity.uuid]))

    body = ical.activities_calendar(name, activities, url_for=page, today=timezone.localdate())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # inline: a subscribing app reads it; a browser still offers to open or save it.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public_calendar
@calendar_etag
@require_safe
def activity_ical(request, uuid):
    found = open_data.calendar_activities(uuid=uuid)
    if not found:
        raise Http404
    return _feed(request, found[0].title, found, f"aktivitet-{uuid}.ics")


@public_calendar
@calendar_etag
@require_safe
def meeting_place_ical(request, uuid):
    place = get_object_or_404(MeetingPlace, uuid=uuid)
    activities = open_data.calendar_activities(meeting_place=place)
    return _feed(request, place.name, activities, f"moedested-{uuid}.ics")


@public_calendar
@calendar_etag
@require_safe
def organisation_ical(request, uuid):
    organisation = get_object_or_404(open_data.published_organisations(), uuid=uuid)
    activities = open_data.calendar_activities(organisation=organisation)
    return _feed(request, organisation.name, activities, f"organisation-{uuid}.ics")


@public_calendar
@calendar_etag
@require_safe
def municipality_ical(request, slug):
    municipality = open_data.published_municipality(slug)
    if municipality is None:
        raise Http404
    activities = open_data.calendar_activities(municipality=municipality)
    name = _("Aktiviteter i %(municipality)s") % {"municipality": municipality.name}
    return _feed(request, name, activities, f"kommune-{slug}.ics")
