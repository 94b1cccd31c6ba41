"""Reading the entries a person keeps: the activities and meeting places of the
organisations they coordinate, and of the municipalities they administer.

`access_*` fetch one entry for a user and raise the same Http404 for "missing" and "not
yours", so that nobody learns which.
"""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ..models import Activity, ActivityException, MeetingPlace, Municipality, Organisation
from ..roles import administered_municipalities, organisations_of
from ..selectors import not_over


def _activity_scope(user) -> Q:
    return Q(organisation__in=organisations_of(user)) | Q(
        municipality__in=administered_municipalities(user)
    )


def activities_kept_by(user) -> QuerySet[Activity]:
    """The activities the user may change, with their place and organisation, and how many
    cancellations or breaks are still to come."""
    today = timezone.localdate()
    upcoming = Q(exceptions__date__gte=today) | Q(exceptions__last_date__gte=today)
    return (
        Activity.objects.filter(_activity_scope(user))
        .select_related("meeting_place", "organisation")
        .annotate(upcoming_cancellations=Count("exceptions", filter=upcoming))
        .order_by("organisation__name", "title", "pk")
    )


def places_kept_by(user) -> QuerySet[MeetingPlace]:
    """The meeting places the user may change: hosted by their organisations, or in their
    municipalities."""
    return (
        MeetingPlace.objects.filter(
            Q(host__in=organisations_of(user))
            | Q(municipality__in=administered_municipalities(user))
        )
        .select_related("municipality", "host")
        .order_by("name", "pk")
    )


def places_for_activities(user) -> QuerySet[MeetingPlace]:
    """Where the user may hold an activity: any meeting place in a municipality of their
    organisations (a library or a community house is shared), or that they administer."""
    municipalities = Organisation.objects.filter(pk__in=organisations_of(user).values("pk")).values(
        "municipality_id"
    )
    return MeetingPlace.objects.filter(
        Q(municipality__in=municipalities) | Q(municipality__in=administered_municipalities(user))
    ).order_by("name", "pk")


def organisations_kept_by(user) -> QuerySet[Organisation]:
    """The organisations whose activities the user may make."""
    return Organisation.objects.filter(
        Q(pk__in=organisations_of(user).values("pk"))
        | Q(municipality__in=administered_municipalities(user))
    ).order_by("name", "pk")


def municipalities_kept_by(user) -> QuerySet[Municipality]:
    """Where the user may make a meeting place."""
    return Municipality.objects.filter(
        Q(pk__in=administered_municipalities(user).values("pk"))
        | Q(pk__in=organisations_of(user).values("municipality_id"))
    ).order_by("name")


def access_activity(user, uuid, *, lock: bool = False) -> Activity:
    """One activity the user may change (under `select_for_update` with `lock`, in the
    caller's transaction); Http404 when it is missing or not theirs."""
    activities = Activity.objects.filter(_activity_scope(user))
    if lock:
        activities = activities.select_for_update(of=("self",))
    activity = activities.select_related("meeting_place", "organisation").filter(uuid=uuid).first()
    if activity is None:
        raise Http404
    return activity


def access_place(user, uuid, *, lock: bool = False) -> MeetingPlace:
    places = places_kept_by(user)
    if lock:
        places = places.select_for_update(of=("self",))
    place = places.filter(uuid=uuid).first()
    if place is None:
        raise Http404
    return place


def cancellations_of(activity: Activity) -> QuerySet[ActivityException]:
    """Its cancellations and breaks that are not over, soonest first."""
    return activity.exceptions.filter(not_over(timezone.localdate())).order_by("date")


def freshness_list(*, municipality: Municipality) -> QuerySet[Activity]:
    """Every activity of the municipality, the longest unconfirmed first: the municipality
    admin's freshness list."""
    return (
        Activity.objects.filter(municipality=municipality)
        .select_related("meeting_place", "organisation")
        .order_by("-is_active", "last_verified_on", "title", "pk")
    )
