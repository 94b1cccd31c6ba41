"""A relative's request for a mentor: from the public page (rate-limited, with consent) or
registered by home-care staff for a relative they met. It holds what the coordinator needs
to find a mentor and call back, and nothing more: a first name, a phone number or an
e-mail address, the postcode's area and the situation."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from matching import events
from matching.models import AuditEvent
from matching.validators import is_phone_number, normalise_phone
from meetingplaces.geo import round_location
from meetingplaces.geocoding import postcode_index
from meetingplaces.models import Organisation
from meetingplaces.roles import teams_of
from security import ratelimit
from security.cpr import refuse_cpr_number

from ..access import record_request_change
from ..models import MentorRequest
from ..vocabulary import Illness, Relation

CONSENT_TEXT = gettext_lazy(
    "Jeg siger ja til, at en koordinator fra foreningen må gemme mine oplysninger og "
    "kontakte mig for at finde en pårørendementor, og at mentoren får mit fornavn og mit "
    "telefonnummer, når vi er sat sammen. Oplysningerne slettes, når forløbet er slut. "
    "Jeg kan altid sige nej igen."
)

# Requests per client address and hour on the public page: enough for a family.
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60

_POSTCODE = re.compile(r"^\d{4}$")


class RateLimited(DomainError):
    """Too many requests from one client in the window."""

    status_code = 429
    code = "throttled"


def note_attempt(*, client: str | None) -> None:
    """Count one request from a client (its address); RateLimited past the limit."""
    if not ratelimit.allow(
        "mentor-request", client, limit=RATE_LIMIT, window_seconds=RATE_WINDOW_SECONDS
    ):
        raise RateLimited(_("Vi har fået mange henvendelser herfra. Prøv igen om en time."))


def _checked(data: dict) -> tuple[dict, dict]:
    clean = {
        "first_name": " ".join(str(data.get("first_name", "")).split()),
        "phone": normalise_phone(data.get("phone", "")),
        "email": str(data.get("email", "")).strip(),
        "postcode": str(data.get("postcode", "")).strip(),
        "relation": data.get("relation", ""),
        "illness": data.get("illness", ""),
        "ways": int(data.get("ways") or 0),
        "preferred_slots": int(data.get("preferred_slots") or 0),
    }
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(str(message))

    for field in ("first_name", "phone", "email"):
        try:
            refuse_cpr_number(clean[field])
        except ValidationError as error:
            refuse(field, error.messages[0])
    if not clean["first_name"]:
        refuse("first_name", _("Skriv dit fornavn."))
    elif len(clean["first_name"]) > 50:
        refuse("first_name", _("Fornavnet må højst være 50 tegn."))
    if not clean["phone"] and not clean["email"]:
        refuse("phone", _("Skriv et telefonnummer eller en e-mailadresse, så vi kan ringe op."))
    if clean["phone"] and "phone" not in errors and not is_phone_number(clean["phone"]):
        refuse("phone", _("Telefonnummeret skal være 8 cifre, fx 12 34 56 78."))
    if clean["email"]:
        try:
            validate_email(clean["email"])
        except ValidationError:
            refuse("email", _("E-mailadressen ser forkert ud."))
    if not _POSTCODE.match(clean["postcode"]):
        refuse("postcode", _("Postnummeret skal være fire cifre, fx 4990."))
    elif clean["postcode"] not in postcode_index().by_code:
        refuse("postcode", _("Vi kender ikke postnummeret %(code)s.") % {"code": clean["postcode"]})
    if clean["relation"] not in Relation.values:
        refuse("relation", _("Vælg, hvem du er pårørende til."))
    if clean["illness"] not in Illness.values:
        refuse("illness", _("Vælg den sygdom, der passer bedst."))
    if not clean["ways"]:
        refuse("ways", _("Vælg mindst én måde at mødes på."))
    return clean, errors


def create_request(
    *, data: dict, organisation_id, consent: bool, registered_by=None
) -> MentorRequest:
    """Validate and save a request to an organisation offering mentors; ValidationError
    (per field) saves nothing. `registered_by`: the staff member who registered it for a
    relative they met (the request is then theirs to follow, and audited as theirs)."""
    from ..selectors import organisations_offering_mentors

    clean, errors = _checked(data)
    organisation = organisations_offering_mentors().filter(pk=organisation_id).first()
    if organisation is None:
        errors.setdefault("organisation", []).append(_("Vælg en forening med mentorer."))
    if not consent:
        errors.setdefault("consent", []).append(
            _("Sæt kryds, hvis du siger ja til at blive kontaktet.")
        )
    if errors:
        raise ValidationError(errors)
    area = postcode_index().by_code[clean["postcode"]]
    latitude, longitude = round_location(area.latitude, area.longitude)
    team = teams_of(registered_by).order_by("pk").first() if registered_by else None
    with transaction.atomic():
        request = MentorRequest.objects.create(
            municipality_id=organisation.municipality_id,
            organisation=organisation,
            latitude=latitude,
            longitude=longitude,
            consent_text=str(CONSENT_TEXT),
            consent_given_at=timezone.now(),
            registered_by=registered_by,
            team=team,
            **clean,
        )
        if registered_by is not None:
            record_request_change(
                registered_by,
                [request],
                action=AuditEvent.Action.CREATE,
                view="mentors.create_request",
            )
        _tell_inbox(organisation, request)
    return request


def _tell_inbox(organisation: Organisation, request: MentorRequest) -> None:
    """The coordinators' inbox shows it live, once committed (ids only travel)."""
    events.publish(
        events.organisation_group(organisation.pk),
        "referral.mentor",
        {"mentor_request": str(request.pk)},
    )
