"""Mentor offers: a volunteer offers (or a coordinator records the offer for them); a
coordinator approves or declines it through the volunteers' own approval (an offer from a
volunteer not yet approved approves the volunteer too)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from meetingplaces.geo import round_location
from meetingplaces.geocoding import GeocodingError, geocode
from meetingplaces.models import Volunteer
from meetingplaces.roles import organisations_of
from meetingplaces.volunteers import approve_volunteer
from notifications import mentors as notify
from security.cpr import refuse_cpr_number

from ..models import MentorOffer

OFFER_FIELDS = ("relation", "illness", "ways", "address", "availability", "max_relatives")


def _volunteers_of(by):
    return Volunteer.objects.filter(organisation__in=organisations_of(by), declined_at=None)


def save_offer(*, by, volunteer_id, data: dict) -> MentorOffer:
    """Record or change the mentor offer of a volunteer of the coordinator's organisation;
    the address is placed by the geocoder (to about 100 m)."""
    volunteer = _volunteers_of(by).filter(pk=volunteer_id).first()
    if volunteer is None:
        raise ValidationError({"volunteer": _("Vælg en frivillig fra din organisation.")})
    return _save(volunteer, data)


def offer_as_volunteer(*, by, data: dict) -> MentorOffer:
    """A signed-in volunteer offers (or changes their offer) to be a mentor: it waits for
    a coordinator's approval, and a declined offer that is changed waits again."""
    volunteer = Volunteer.objects.filter(user=by, declined_at=None).first()
    if volunteer is None:
        raise ValidationError(_("Kun frivillige kan tilbyde at være mentor."))
    return _save(volunteer, data, again=True)


def _save(volunteer: Volunteer, data: dict, *, again: bool = False) -> MentorOffer:
    if not data.get("ways"):
        raise ValidationError({"ways": _("Vælg mindst én måde at mødes på.")})
    try:
        refuse_cpr_number(data.get("address", ""))
        location = geocode(data.get("address", ""))
    except ValidationError as error:
        raise ValidationError({"address": error.messages}) from error
    except GeocodingError as error:
        raise ValidationError({"address": str(error)}) from error
    with transaction.atomic():
        offer = MentorOffer.objects.select_for_update().filter(volunteer=volunteer).first()
        offer = offer or MentorOffer(volunteer=volunteer)
        for name in OFFER_FIELDS:
            if name in data:
                setattr(offer, name, data[name])
        if again and offer.status == MentorOffer.Status.DECLINED:
            offer.status = MentorOffer.Status.PENDING
        offer.latitude, offer.longitude = round_location(location.latitude, location.longitude)
        try:
            with transaction.atomic():
                offer.save()
        except IntegrityError as error:
            raise ValidationError(_("Tilbuddet kunne ikke gemmes.")) from error
    return offer


def _locked_offer(by, offer_id) -> MentorOffer:
    offer = (
        MentorOffer.objects.select_for_update()
        .filter(pk=offer_id, volunteer__organisation__in=organisations_of(by))
        .select_related("volunteer__organisation")
        .first()
    )
    if offer is None:
        raise MentorOffer.DoesNotExist
    return offer


def approve_offer(*, by, offer_id) -> MentorOffer:
    """Approve an offer; a volunteer not yet approved is approved as the volunteer pages
    do it (and told so)."""
    with transaction.atomic():
        offer = _locked_offer(by, offer_id)
        if offer.status == MentorOffer.Status.APPROVED:
            return offer
        if not offer.volunteer.is_approved:
            approve_volunteer(by=by, volunteer_id=offer.volunteer_id)
        offer.status = MentorOffer.Status.APPROVED
        offer.save(update_fields=["status"])
        notify.offer_approved(offer)
    return offer


def decline_offer(*, by, offer_id, reason: str = "") -> MentorOffer:
    """Decline an offer: the volunteer is told (with the reason, if any) and stays a
    volunteer; the offer is no longer suggested."""
    try:
        refuse_cpr_number(reason)
    except ValidationError as error:
        raise ValidationError({"reason": error.messages}) from error
    with transaction.atomic():
        offer = _locked_offer(by, offer_id)
        if offer.requests.filter(status__in=offer.requests.model.HOLDING).exists():
            raise ValidationError(
                {"reason": _("%(name)s er mentor for en pårørende lige nu.") % {"name": offer}}
            )
        offer.status = MentorOffer.Status.DECLINED
        offer.save(update_fields=["status"])
        notify.offer_declined(offer, reason=reason)
    return offer
