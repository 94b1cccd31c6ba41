"""Who can go along with a citizen: the volunteers the companion rule
(`engine.rules.companion_misfit`) is asked about, for suggestions, batch runs, the
coordinator's list and the accept service alike."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from meetingplaces.geo import bounding_box, distance_km
from meetingplaces.models import Volunteer

from ..engine import COMPANION_RADIUS_KM, CitizenNeeds, CompanionFacts, companion_misfit
from ..models import Match


def _with_places(volunteers: QuerySet[Volunteer], *, excluding_match=None) -> QuerySet:
    """Annotate `accompanying`: the open matches each volunteer goes along to (a match
    being decided does not count against its own companion)."""
    busy = Q(matches__status__in=Match.OPEN)
    if excluding_match is not None:
        busy &= ~Q(matches__pk=excluding_match)
    return volunteers.annotate(accompanying=Count("matches", filter=busy, distinct=True))


def _companions(*, near=None, organisation_ids=None) -> QuerySet[Volunteer]:
    """Approved volunteers who can accompany (within the radius's box around `near`)."""
    volunteers = Volunteer.objects.filter(is_approved=True, can_accompany=True)
    if organisation_ids is not None:
        volunteers = volunteers.filter(organisation_id__in=organisation_ids)
    if near is not None:
        box = bounding_box(near, COMPANION_RADIUS_KM)
        volunteers = volunteers.filter(
            latitude__range=(box.south, box.north), longitude__range=(box.west, box.east)
        )
    return _with_places(volunteers)


def _facts(volunteers: QuerySet[Volunteer]) -> list[CompanionFacts]:
    rows = volunteers.values_list(
        "pk",
        "organisation_id",
        "latitude",
        "longitude",
        "availability",
        "max_citizens",
        "accompanying",
    )
    return [
        CompanionFacts(
            id=pk,
            organisation_id=organisation,
            latitude=latitude,
            longitude=longitude,
            availability=availability,
            places=room - accompanying,
        )
        for pk, organisation, latitude, longitude, availability, room, accompanying in rows
        if room > accompanying
    ]


def companions_near(needs: CitizenNeeds) -> list[CompanionFacts]:
    """The companions who may go along with this citizen somewhere (the engine picks, per
    activity, the nearest who fits it)."""
    if not needs.companion_needed:
        return []
    return _facts(_companions(near=(needs.latitude, needs.longitude)))


def companions_of_organisations(organisation_ids) -> list[CompanionFacts]:
    """The companions of these organisations with room for one more (for a batch run)."""
    return _facts(_companions(organisation_ids=organisation_ids))


@dataclass(frozen=True)
class CompanionOption:
    volunteer: Volunteer
    distance_km: float
    places_left: int


def _misfit(match: Match, volunteer: Volunteer, km: float) -> str | None:
    return companion_misfit(
        approved=volunteer.is_approved and volunteer.can_accompany,
        km=km,
        places=volunteer.max_citizens - volunteer.accompanying,
        availability=volunteer.availability,
        organisation_id=volunteer.organisation_id,
        activity_slots=match.activity.slots,
        activity_organisation_id=match.organisation_id,
    )


def _home(match: Match) -> tuple[float, float]:
    return (match.citizen.latitude, match.citizen.longitude)


def companions_for(*, match: Match) -> list[CompanionOption]:
    """The companions who may go along with the match's citizen to its activity, nearest
    first: what the coordinator is offered."""
    home = _home(match)
    volunteers = _with_places(
        Volunteer.objects.filter(
            organisation_id=match.organisation_id, is_approved=True, can_accompany=True
        ),
        excluding_match=match.pk,
    ).order_by("pk")
    options = []
    for volunteer in volunteers:
        km = distance_km(home, (volunteer.latitude, volunteer.longitude))
        if _misfit(match, volunteer, km) is None:
            places = volunteer.max_citizens - volunteer.accompanying
            options.append(CompanionOption(volunteer, km, places))
    options.sort(key=lambda option: (option.distance_km, option.volunteer.pk))
    return options


def companion_misfit_for(*, match: Match, volunteer_id) -> tuple[Volunteer | None, str | None]:
    """The volunteer and the companion rule they break for this match (None: they fit).
    A volunteer who does not exist breaks "organisation"."""
    volunteer = (
        _with_places(Volunteer.objects.filter(pk=volunteer_id), excluding_match=match.pk)
        .select_related(None)
        .first()
    )
    if volunteer is None:
        return None, "organisation"
    km = distance_km(_home(match), (volunteer.latitude, volunteer.longitude))
    return volunteer, _misfit(match, volunteer, km)
