"""The demo's relatives' mentors: a few volunteers of Ældre Sagen who were relatives
themselves, and relatives waiting for a mentor, one already paired and asked after 4
weeks, so that `make run` shows the whole flow."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from meetingplaces.demo import DemoMunicipality, near
from meetingplaces.geo import round_location
from meetingplaces.models import Volunteer
from meetingplaces.roles import organisations_of

from .models import FollowUp, MentorOffer, MentorRequest
from .vocabulary import Illness, Relation, Way

DEMO_COORDINATOR = "koordinator-aeldresagen"

# (relation, illness, ways, max relatives, approved)
OFFERS = [
    (Relation.SPOUSE, Illness.DEMENTIA, Way.WALK | Way.PHONE, 2, True),
    (Relation.CHILD, Illness.DEMENTIA, Way.PHONE | Way.VIDEO, 2, True),
    (Relation.SPOUSE, Illness.STROKE, Way.CAFE | Way.WALK, 1, True),
    (Relation.PARENT, Illness.CANCER, Way.PHONE, 1, True),
    (Relation.CHILD, Illness.LONG_TERM, Way.CAFE | Way.VIDEO, 2, True),
    (Relation.SPOUSE, Illness.CANCER, Way.WALK | Way.CAFE, 1, False),
]
# (first name, postcode, relation, illness, ways)
REQUESTS = [
    ("Birthe", "4990", Relation.SPOUSE, Illness.DEMENTIA, Way.WALK | Way.PHONE),
    ("Ole", "4800", Relation.CHILD, Illness.DEMENTIA, Way.VIDEO),
    ("Kirsten", "4850", Relation.SPOUSE, Illness.STROKE, Way.CAFE),
    ("Lene", "4990", Relation.PARENT, Illness.CANCER, Way.PHONE),
]


def load_mentors(demo: DemoMunicipality) -> None:
    coordinator = get_user_model().objects.filter(username=DEMO_COORDINATOR).first()
    organisation = organisations_of(coordinator).order_by("pk").first() if coordinator else None
    if organisation is None or MentorRequest.objects.filter(organisation=organisation).exists():
        return
    rng = demo.rng
    volunteers = Volunteer.objects.filter(organisation=organisation, is_approved=True).order_by(
        "pk"
    )
    offers = []
    for volunteer, (relation, illness, ways, places, approved) in zip(
        volunteers, OFFERS, strict=False
    ):
        offer, _created = MentorOffer.objects.get_or_create(
            volunteer=volunteer,
            defaults={
                "relation": relation,
                "illness": illness,
                "ways": ways,
                "address": volunteer.postcode,
                "latitude": volunteer.latitude,
                "longitude": volunteer.longitude,
                "availability": volunteer.availability,
                "max_relatives": places,
                "status": MentorOffer.Status.APPROVED if approved else MentorOffer.Status.PENDING,
            },
        )
        offers.append(offer)
    now = timezone.now()
    for index, (name, postcode, relation, illness, ways) in enumerate(REQUESTS):
        latitude, longitude = round_location(*near(rng, postcode, 0.0))
        paired = index == len(REQUESTS) - 1 and len(offers) > 3
        request = MentorRequest.objects.create(
            municipality=demo.municipality,
            organisation=organisation,
            first_name=name,
            phone=f"2{rng.randint(1000000, 9999999)}",
            postcode=postcode,
            latitude=latitude,
            longitude=longitude,
            relation=relation,
            illness=illness,
            ways=ways,
            consent_text="Demo",
            consent_given_at=now - timedelta(days=2 + index),
            status=MentorRequest.Status.ACCEPTED if paired else MentorRequest.Status.NEW,
            mentor=offers[3] if paired else None,
            coordinator=coordinator if paired else None,
            accepted_at=now - timedelta(weeks=5) if paired else None,
        )
        if paired:
            FollowUp.objects.create(request=request, kind=FollowUp.Kind.WEEK_4, helped=True)
