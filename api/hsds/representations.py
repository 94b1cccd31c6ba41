"""Our published register in the shapes of Open Referral HSDS 3.0.

Activity → service (and one service_at_location: the activity at its meeting place),
MeetingPlace → location (with its address and accessibility), Organisation →
organization, the vocabulary → taxonomies and taxonomy terms. Each function returns the
plain dict that one of the HSDS compiled schemas describes; "summary" is the list form
(one-to-one fields only), "full" the detail form.

Ids: our public UUIDs where the thing has one; for the parts we do not store as rows (a
schedule, an address, a cost option ...) a UUID 5 of the owner's UUID and the part's
name, so the id stays the same on every request.

Left out on purpose: the activity's contact person and the coordinator (personal data),
capacity and participants (not in HSDS 3.0).
"""

from datetime import UTC, date, datetime
from uuid import UUID, uuid5

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from meetingplaces import taxonomy
from meetingplaces.ical import first_date
from meetingplaces.models import Activity, MeetingPlace, Organisation
from meetingplaces.schedules import WEEKDAY_CODES, Kind

COUNTRY = "DK"
CURRENCY = "DKK"
# HSDS gives a schedule's zone as one UTC offset; Danish standard time is UTC+1, summer
# time UTC+2, so each schedule's notes say that its times are Danish local time.
STANDARD_OFFSET_HOURS = 1


def part_id(owner: UUID, part: str) -> str:
    return str(uuid5(owner, part))


# A service_at_location is the activity at its meeting place, one per activity. Its id is
# the activity's UUID with these bits flipped: distinct from the service's id, and
# reversible, so /service_at_locations/{id} is one indexed lookup. The mask leaves the
# version and variant bits alone, so the id is still a valid version 4 UUID.
_SERVICE_AT_LOCATION_MASK = 0x5A3C_96E1_0F2D_0B47_0E19_C4A2_7D83_1F56


def service_at_location_id(activity_uuid: UUID) -> UUID:
    return UUID(int=activity_uuid.int ^ _SERVICE_AT_LOCATION_MASK)


def activity_uuid(service_at_location: UUID) -> UUID:
    return UUID(int=service_at_location.int ^ _SERVICE_AT_LOCATION_MASK)


def _absolute(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def _latest(*moments: datetime) -> str:
    return max(moments).astimezone(UTC).isoformat()


def _present(**fields) -> dict:
    """Only the fields that have a value: HSDS checks formats (e-mail, URI) of a blank."""
    return {key: value for key, value in fields.items() if value not in ("", None)}


# --- organizations ------------------------------------------------------------------------


def organization_summary(org: Organisation) -> dict:
    return {
        "id": str(org.uuid),
        "name": org.name,
        # HSDS requires a description; we hold none, so say what it is and where.
        "description": _("%(kind)s i %(municipality)s")
        % {"kind": org.get_kind_display(), "municipality": org.municipality.name},
        **_present(email=org.email, website=org.website),
    }


def _organisation_phones(org: Organisation) -> list[dict]:
    if not org.phone:
        return []
    return [
        {"id": part_id(org.uuid, "phone"), "organization_id": str(org.uuid), "number": org.phone}
    ]


def organization_full(
    org: Organisation, *, services: list[Activity], places: list[MeetingPlace], request
) -> dict:
    return {
        **organization_summary(org),
        "phones": _organisation_phones(org),
        "locations": [location_full(place, request=request) for place in places],
        "services": [
            service_summary(a, request=request, with_organization=False) for a in services
        ],
    }


# --- locations ----------------------------------------------------------------------------


def location_summary(place: MeetingPlace, *, request) -> dict:
    return {
        "id": str(place.uuid),
        "location_type": "physical",
        "url": _absolute(request, "frontend:meeting-place", place.uuid),
        **_present(organization_id=str(place.host.uuid) if place.host else None),
        "name": place.name,
        "description": place.description,
        **_present(transportation=place.public_transport),
        "latitude": place.latitude,
        "longitude": place.longitude,
    }


ACCESSIBILITY = (
    ("step_free", lambda: _("Trinfri adgang")),
    ("accessible_toilet", lambda: _("Handicaptoilet")),
    ("parking", lambda: _("Parkering")),
)


def location_full(place: MeetingPlace, *, request) -> dict:
    location_id = str(place.uuid)
    full = {
        **location_summary(place, request=request),
        "addresses": [
            {
                "id": part_id(place.uuid, "address"),
                "location_id": location_id,
                "address_1": place.street,
                "city": place.town,
                # Denmark has no states; the municipality is the unit we hold.
                "state_province": place.municipality.name,
                "postal_code": place.postcode,
                "country": COUNTRY,
                "address_type": "physical",
            }
        ],
        # Only what the place has: we do not know more than yes or no for each.
        "accessibility": [
            {
                "id": part_id(place.uuid, f"accessibility/{field}"),
                "location_id": location_id,
                "description": describe(),
            }
            for field, describe in ACCESSIBILITY
            if getattr(place, field)
        ],
        "phones": [],
        "schedules": [],
    }
    if place.phone:
        full["phones"].append(
            {"id": part_id(place.uuid, "phone"), "location_id": location_id, "number": place.phone}
        )
    if place.opening_hours:
        # Free text in our register: HSDS takes it as the schedule's description.
        full["schedules"].append(
            {
                "id": part_id(place.uuid, "opening_hours"),
                "location_id": location_id,
                "description": place.opening_hours,
            }
        )
    return full


# --- services -----------------------------------------------------------------------------


def _fees(activity: Activity) -> str:
    if activity.is_free:
        return _("Gratis")
    return _("%(price)s kr.") % {"price": f"{activity.price:.2f}".replace(".", ",")}


def service_summary(activity: Activity, *, request, with_organization: bool = True) -> dict:
    org = activity.organisation
    summary = {
        "id": str(activity.uuid),
        "organization_id": str(org.uuid),
        "name": activity.title,
        "description": activity.description,
        "url": _absolute(request, "frontend:activity", activity.uuid),
        **_present(email=org.email),
        "status": "active",
        "fees_description": _fees(activity),
        "eligibility_description": str(activity.get_audience_display()),
        "last_modified": _latest(
            activity.updated_at, activity.meeting_place.updated_at, org.updated_at
        ),
    }
    if with_organization:
        summary["organization"] = organization_summary(org)
    return summary


def schedule(activity: Activity, *, today: date) -> dict:
    """The activity's schedule as an iCal-style HSDS schedule; single dates (HSDS has no
    RDATE) in its description, cancelled dates and breaks in its notes."""
    start, end = activity.start_time.strftime("%H:%M"), activity.end_time.strftime("%H:%M")
    rule = activity.schedule
    cancelled = sorted(
        e.date for e in activity.exceptions.all() if not e.last_date and e.date >= today
    )
    breaks = sorted(
        (e.date, e.last_date)
        for e in activity.exceptions.all()
        if e.last_date and e.last_date >= today
    )
    notes = _("Tiderne er dansk tid (Europe/Copenhagen): UTC+1, om sommeren UTC+2.")
    if cancelled:
        notes += " " + _("Aflyst: %(dates)s.") % {
            "dates": ", ".join(day.strftime("%d.%m.%Y") for day in cancelled)
        }
    for first, last in breaks:
        notes += " " + _("Pause %(first)s–%(last)s.") % {
            "first": first.strftime("%d.%m.%Y"),
            "last": last.strftime("%d.%m.%Y"),
        }
    recurrence = {}
    if rule.kind == Kind.WEEKLY:
        recurrence = {
            "freq": "WEEKLY",
            "interval": rule.interval,
            "byday": WEEKDAY_CODES[rule.weekday],
        }
    elif rule.kind == Kind.MONTHLY:
        recurrence = {
            "freq": "MONTHLY",
            "interval": 1,
            "byday": f"{rule.ordinal}{WEEKDAY_CODES[rule.weekday]}",
        }
    return {
        "id": part_id(activity.uuid, "schedule"),
        "service_id": str(activity.uuid),
        "service_at_location_id": str(service_at_location_id(activity.uuid)),
        **_present(
            valid_from=activity.starts_on and activity.starts_on.isoformat(),
            valid_to=activity.ends_on and activity.ends_on.isoformat(),
            until=activity.ends_on and activity.ends_on.isoformat(),
        ),
        "dtstart": first_date(activity, today=today).isoformat(),
        "timezone": STANDARD_OFFSET_HOURS,
        "wkst": "MO",
        **recurrence,
        "opens_at": start,
        "closes_at": end,
        "description": _("%(schedule)s kl. %(start)s–%(end)s")
        % {"schedule": rule.describe().capitalize(), "start": start, "end": end},
        "attending_type": _("Mød op på stedet"),
        "notes": notes,
    }


def term(term: taxonomy.Term) -> dict:
    return {
        "id": str(term.id),
        "code": term.code,
        "name": term.label,
        "description": f"{term.label} ({term.taxonomy.name})",
        "taxonomy": str(term.taxonomy.name),
        "taxonomy_detail": taxonomy_object(term.taxonomy),
        "language": translation.get_language() or "da",
        "taxonomy_id": str(term.taxonomy.id),
    }


def taxonomy_object(tax: taxonomy.Taxonomy) -> dict:
    return {
        "id": str(tax.id),
        "name": str(tax.name),
        "description": str(tax.description),
        "version": taxonomy.VERSION,
    }


def _attributes(activity: Activity) -> list[dict]:
    return [
        {
            "id": part_id(activity.uuid, f"attribute/{tagged.id}"),
            "link_id": str(activity.uuid),
            "taxonomy_term_id": str(tagged.id),
            "link_type": tagged.taxonomy.code,
            "link_entity": "service",
            "taxonomy_term": term(tagged),
        }
        for tagged in taxonomy.activity_terms(
            category=activity.category, interests=activity.interests
        )
    ]


def service_at_location_summary(activity: Activity) -> dict:
    return {
        "id": str(service_at_location_id(activity.uuid)),
        "service_id": str(activity.uuid),
        "location_id": str(activity.meeting_place.uuid),
        "description": _("%(title)s på %(place)s")
        % {"title": activity.title, "place": activity.meeting_place.name},
    }


def service_full(activity: Activity, *, request, today: date, with_locations: bool = True) -> dict:
    org = activity.organisation
    the_schedule = schedule(activity, today=today)
    full = {
        **service_summary(activity, request=request, with_organization=False),
        "phones": [{**p, "service_id": str(activity.uuid)} for p in _organisation_phones(org)],
        "schedules": [the_schedule],
        "service_areas": [
            {
                "id": part_id(activity.uuid, "service_area"),
                "service_id": str(activity.uuid),
                "name": activity.meeting_place.municipality.name,
                "extent_type": "municipality",
            }
        ],
        "organization": {**organization_summary(org), "phones": _organisation_phones(org)},
        "cost_options": [
            {
                "id": part_id(activity.uuid, "cost_option"),
                "service_id": str(activity.uuid),
                "option": _fees(activity),
                "currency": CURRENCY,
                "amount": float(activity.price),
            }
        ],
        "attributes": _attributes(activity),
    }
    if with_locations:
        full["service_at_locations"] = [
            {
                **service_at_location_summary(activity),
                "schedules": [the_schedule],
                "location": location_full(activity.meeting_place, request=request),
            }
        ]
    return full


def service_at_location_list_item(activity: Activity, *, request) -> dict:
    return {
        **service_at_location_summary(activity),
        "location": location_summary(activity.meeting_place, request=request),
        "service": service_summary(activity, request=request),
    }


def service_at_location_full(activity: Activity, *, request, today: date) -> dict:
    return {
        **service_at_location_summary(activity),
        "schedules": [schedule(activity, today=today)],
        "location": location_full(activity.meeting_place, request=request),
        "service": service_full(activity, request=request, today=today, with_locations=False),
    }
