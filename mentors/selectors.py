"""Reading mentors and requests: the lists a coordinator sees, and the engine's facts."""

from django.db.models import Count, Q, QuerySet

from meetingplaces.roles import organisations_of

from . import engine
from .access import requests_coordinated_by
from .models import MentorOffer, MentorRequest

HOLDING = Q(requests__status__in=MentorRequest.HOLDING)


def offers_of(user) -> QuerySet[MentorOffer]:
    """The mentor offers of the organisations the user coordinates, with each one's load."""
    return (
        MentorOffer.objects.filter(volunteer__organisation__in=organisations_of(user))
        .select_related("volunteer__organisation")
        .annotate(load=Count("requests", filter=HOLDING))
        .order_by("status", "volunteer__first_name", "pk")
    )


def new_requests_of(user) -> QuerySet[MentorRequest]:
    return (
        requests_coordinated_by(user)
        .filter(status=MentorRequest.Status.NEW)
        .select_related("organisation")
        .order_by("created_at")
    )


def ongoing_requests_of(user) -> QuerySet[MentorRequest]:
    return (
        requests_coordinated_by(user)
        .filter(status__in=MentorRequest.HOLDING)
        .select_related("organisation", "mentor__volunteer")
        .order_by("-accepted_at")
    )


def requests_registered_by(user) -> QuerySet[MentorRequest]:
    return MentorRequest.objects.filter(registered_by=user).order_by("-created_at")


def organisations_offering_mentors():
    """Organisations with at least one mentor a relative can be paired with."""
    from meetingplaces.models import Organisation

    return (
        Organisation.objects.filter(volunteers__mentor_offer__in=MentorOffer.objects.available())
        .distinct()
        .order_by("name")
    )


def request_facts(request: MentorRequest) -> engine.RequestFacts:
    return engine.RequestFacts(
        relation=request.relation,
        illness=request.illness,
        ways=request.ways,
        slots=request.preferred_slots,
        latitude=request.latitude,
        longitude=request.longitude,
    )


def _mentor_facts(offer) -> engine.MentorFacts:
    return engine.MentorFacts(
        id=offer.pk,
        relation=offer.relation,
        illness=offer.illness,
        ways=offer.ways,
        slots=offer.availability,
        latitude=offer.latitude,
        longitude=offer.longitude,
        load=offer.load,
        places=offer.max_relatives - offer.load,
    )


def available_mentors(organisation_id) -> QuerySet[MentorOffer]:
    """The organisation's mentors a relative may be paired with, each with its load."""
    return (
        MentorOffer.objects.available()
        .filter(volunteer__organisation_id=organisation_id)
        .select_related("volunteer")
        .annotate(load=Count("requests", filter=HOLDING))
    )


def suggestions_for(request: MentorRequest, *, limit: int = 5) -> list[tuple]:
    """(mentor offer, engine suggestion) for the request, best first: one query."""
    offers = {offer.pk: offer for offer in available_mentors(request.organisation_id)}
    ranked = engine.rank(
        request_facts(request), [_mentor_facts(o) for o in offers.values()], limit=limit
    )
    return [(offers[s.mentor_id], s) for s in ranked]


def mentor_misfit(request: MentorRequest, offer_id) -> tuple[MentorOffer | None, str | None]:
    """The offer and the hard rule it breaks for this request (None: it fits): the same
    rule the suggestions are ranked under. "organisation": not one of its mentors."""
    offer = available_mentors(request.organisation_id).filter(pk=offer_id).first()
    if offer is None:
        return None, "organisation"
    facts = _mentor_facts(offer)
    request_fact = request_facts(request)
    return offer, engine.misfit(request_fact, facts, engine.distance_between(request_fact, facts))
