"""Writing the entries their owners keep: activities (with their schedule, publishing,
cancellations and breaks) and meeting places (placed on the map by the geocoder).

Pages and the API call these with validated input; each service checks the user's scope
and the rules that span fields, and raises Django's ValidationError keyed by field, having
changed nothing. Every save by an owner also confirms the entry ("last verified").
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from security.cpr import contains_cpr_number

from .. import schedules
from ..geocoding import GeocodingError, geocode
from ..models import Activity, ActivityException, MeetingPlace
from .selectors import (
    access_activity,
    access_place,
    municipalities_kept_by,
    organisations_kept_by,
    places_for_activities,
)

ACTIVITY_FIELDS = (
    "organisation",
    "meeting_place",
    "title",
    "description",
    "category",
    "interests",
    "recurrence",
    "weekday",
    "start_time",
    "end_time",
    "starts_on",
    "ends_on",
    "capacity",
    "participants",
    "audience",
    "price",
    "companion_available",
    "contact_name",
    "contact_phone",
    "contact_email",
    "is_active",
)
ACTIVITY_TEXT_FIELDS = ("title", "description", "contact_name", "contact_phone")

PLACE_FIELDS = (
    "municipality",
    "host",
    "name",
    "description",
    "street",
    "postcode",
    "town",
    "step_free",
    "accessible_toilet",
    "parking",
    "public_transport",
    "opening_hours",
    "phone",
    "email",
)
PLACE_TEXT_FIELDS = ("name", "description", "street", "public_transport", "opening_hours")
ADDRESS_FIELDS = ("street", "postcode", "town")

# A break longer than this is a pause: the entry is paused instead (is_active).
LONGEST_BREAK = timedelta(days=183)


def _refuse_cpr(data: dict, names) -> None:
    errors = {
        name: _("Feltet ligner et CPR-nummer. Samvær må ikke gemme CPR-numre.")
        for name in names
        if contains_cpr_number(data.get(name) or "")
    }
    if errors:
        raise ValidationError(errors)


def _one_line(text: str) -> str:
    """A title or name on one line: no line break can reach a calendar file or a header."""
    return " ".join((text or "").split())


def _check_schedule(activity: Activity) -> None:
    """The rules between the time fields; the schedule must yield a date to come."""
    errors = {}
    if activity.start_time and activity.end_time and activity.end_time <= activity.start_time:
        errors["end_time"] = _("Sluttiden skal være efter starttiden.")
    if activity.starts_on and activity.ends_on and activity.ends_on < activity.starts_on:
        errors["ends_on"] = _("Sidste gang kan ikke være før første gang.")
    if not activity.recurrence and activity.weekday is None:
        errors["weekday"] = _("Vælg en ugedag.")
        raise ValidationError(errors)
    try:
        schedule = schedules.parse(activity.recurrence, weekday=activity.weekday)
    except schedules.ScheduleError as error:
        errors["recurrence"] = str(error)
        raise ValidationError(errors) from error
    if schedule.needs_start and not activity.starts_on:
        errors["starts_on"] = _("Skriv datoen for første gang, så vi ved, hvilke uger det er.")
    if errors:
        raise ValidationError(errors)
    activity.weekday = schedule.weekday
    # The stored line is the rule's own form: one schedule, one text.
    activity.recurrence = schedule.as_rfc5545()
    today = timezone.localdate()
    if not activity.next_dates(
        after=today, count=1, cancelled=set(), horizon_days=schedules.HORIZON_DAYS
    ):
        raise ValidationError(
            {"recurrence": _("Gentagelsen giver ingen datoer fra i dag og de næste to år.")}
        )


def _check_seats(activity: Activity) -> None:
    if activity.capacity is not None and activity.capacity < activity.participants:
        raise ValidationError(
            {
                "capacity": _("Der er flere faste deltagere (%(n)s) end pladser.")
                % {"n": activity.participants}
            }
        )


def save_activity(*, by, data: dict, activity: Activity | None = None) -> Activity:
    """Create or change an activity of an organisation the user keeps entries for.

    `data` holds ACTIVITY_FIELDS (those left out keep their value); `recurrence` is one
    RFC 5545 line (schedules.py)."""
    _refuse_cpr(data, ACTIVITY_TEXT_FIELDS)
    with transaction.atomic():
        if activity is not None:
            activity = access_activity(by, activity.uuid, lock=True)
        else:
            activity = Activity()
        for name in ACTIVITY_FIELDS:
            if name in data:
                setattr(activity, name, data[name])
        activity.title = _one_line(activity.title)
        errors = {}
        if not organisations_kept_by(by).filter(pk=activity.organisation_id).exists():
            errors["organisation"] = _("Du kan ikke oprette aktiviteter for denne organisation.")
        if not places_for_activities(by).filter(pk=activity.meeting_place_id).exists():
            errors["meeting_place"] = _("Vælg et mødested i jeres kommune.")
        if errors:
            raise ValidationError(errors)
        _check_schedule(activity)
        _check_seats(activity)
        activity.municipality_id = activity.meeting_place.municipality_id
        activity.last_verified_on = timezone.localdate()
        try:
            with transaction.atomic():
                activity.save()
        except IntegrityError as error:
            raise ValidationError(
                {"title": _("Der er allerede en aktivitet med denne titel på samme tid og sted.")}
            ) from error
    return activity


def set_published(*, by, activity: Activity, published: bool) -> Activity:
    """Publish the activity (shown in the finder) or pause it (hidden, kept)."""
    with transaction.atomic():
        activity = access_activity(by, activity.uuid, lock=True)
        activity.is_active = published
        activity.save(update_fields=["is_active", "updated_at"])
    return activity


def verify_activity(*, by, activity: Activity) -> Activity:
    """Its owners say the entry is still right ("Stadig korrekt")."""
    with transaction.atomic():
        activity = access_activity(by, activity.uuid, lock=True)
        activity.last_verified_on = timezone.localdate()
        activity.save(update_fields=["last_verified_on"])
    return activity


def cancel(
    *, by, activity: Activity, first: date, last: date | None = None, reason: str = ""
) -> ActivityException:
    """Cancel one date it meets on, or hold a break from `first` to `last`."""
    _refuse_cpr({"reason": reason}, ["reason"])
    today = timezone.localdate()
    errors = {}
    if first < today:
        errors["date"] = _("Vælg en dato fra i dag og frem.")
    elif last is not None and last <= first:
        errors["last_date"] = _("Pausen skal slutte efter den første dag.")
    elif last is not None and last - first > LONGEST_BREAK:
        errors["last_date"] = _(
            "En pause kan højst vare et halvt år. Sæt aktiviteten på pause i stedet."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity = access_activity(by, activity.uuid, lock=True)
        meets = activity.next_dates(after=first, count=1, cancelled=set())
        if not meets or meets[0] > (last or first):
            key = "last_date" if last else "date"
            raise ValidationError({key: _("Aktiviteten mødes ikke i den periode.")})
        try:
            with transaction.atomic():
                return ActivityException.objects.create(
                    activity=activity, date=first, last_date=last, reason=_one_line(reason)
                )
        except IntegrityError as error:
            raise ValidationError({"date": _("Den dag er allerede aflyst.")}) from error


def remove_cancellation(*, by, activity: Activity, cancellation_id: int) -> None:
    """Take a cancellation or break back: the activity meets on those days after all."""
    with transaction.atomic():
        activity = access_activity(by, activity.uuid, lock=True)
        deleted, _rows = activity.exceptions.filter(pk=cancellation_id).delete()
    if not deleted:
        raise ValidationError(_("Aflysningen findes ikke længere."))


def save_meeting_place(*, by, data: dict, place: MeetingPlace | None = None) -> MeetingPlace:
    """Create or change a meeting place the user keeps; a new or changed address is placed
    on the map by the geocoder."""
    _refuse_cpr(data, PLACE_TEXT_FIELDS)
    with transaction.atomic():
        place = access_place(by, place.uuid, lock=True) if place is not None else MeetingPlace()
        before = tuple(getattr(place, name) for name in ADDRESS_FIELDS)
        for name in PLACE_FIELDS:
            if name in data:
                setattr(place, name, data[name])
        place.name = _one_line(place.name)
        place.street = _one_line(place.street)
        errors = {}
        if place.host_id and not organisations_kept_by(by).filter(pk=place.host_id).exists():
            errors["host"] = _("Vælg en af dine organisationer som vært.")
        if not municipalities_kept_by(by).filter(pk=place.municipality_id).exists():
            errors["municipality"] = _("Du kan ikke oprette mødesteder i denne kommune.")
        elif place.host_id and place.host.municipality_id != place.municipality_id:
            errors["host"] = _("Værten hører til en anden kommune.")
        if errors:
            raise ValidationError(errors)
        moved = place.pk is None or before != tuple(getattr(place, n) for n in ADDRESS_FIELDS)
        if moved:
            _locate(place)
        try:
            with transaction.atomic():
                place.save()
        except IntegrityError as error:
            raise ValidationError(
                {"name": _("Der er allerede et mødested med dette navn i kommunen.")}
            ) from error
    return place


def _locate(place: MeetingPlace) -> None:
    try:
        location = geocode(f"{place.street}, {place.postcode} {place.town}")
    except GeocodingError as error:
        raise ValidationError({"street": str(error)}) from error
    place.latitude, place.longitude = location.latitude, location.longitude
