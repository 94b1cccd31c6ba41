"""The world the access rules are proven in: two teams and two organisations in one
municipality, a second municipality, and one signed-in user per role.

Objects "of A / of X" belong to team A or organisation X in the home municipality; the
`*_other` objects belong to the second municipality. Add objects here as new URLs need
them, and name them in PATH_OBJECTS of test_permission_matrix.py.
"""

from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from matching.models import SelfReferral
from meetingplaces.models import Membership
from mentors.models import FollowUp
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    MatchFactory,
    MeetingPlaceFactory,
    MentorOfferFactory,
    MentorRequestFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ScreeningFactory,
    TeamFactory,
    UserFactory,
    VolunteerFactory,
)

ROLES = [
    "anonymous",
    "volunteer",
    "staff_a",
    "staff_b",
    "coordinator_x",
    "coordinator_y",
    "admin_other",
    "admin",
    # Runs the installation: Django's admin (a superuser), no municipal role.
    "operator",
]


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def _member(username: str, **membership) -> object:
    # Never signs in through the form here: skip the slow password hash.
    user = UserFactory(username=username, password=None)
    Membership.objects.create(user=user, **membership)
    return user


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    home = MunicipalityFactory(code="0376", name="Guldborgsund Kommune", slug="guldborgsund")
    other = MunicipalityFactory(code="0340", name="Sorø Kommune", slug="soroe")
    team_a = TeamFactory(municipality=home, name="Hjemmeplejen Nord")
    team_b = TeamFactory(municipality=home, name="Hjemmeplejen Syd")
    team_other = TeamFactory(municipality=other, name="Hjemmeplejen Sorø")
    org_x = OrganisationFactory(municipality=home, name="Ældre Sagen Sakskøbing")
    org_y = OrganisationFactory(municipality=home, name="Røde Kors Nykøbing")
    org_other = OrganisationFactory(municipality=other, name="Ældre Sagen Sorø")

    place_x = MeetingPlaceFactory(municipality=home, name="Sakskøbing Bibliotek", host=org_x)
    place_other = MeetingPlaceFactory(
        municipality=other, name="Sorø Medborgerhus", postcode="4180", town="Sorø"
    )
    activity_x = ActivityFactory(meeting_place=place_x, organisation=org_x, title="Kortspil")
    activity_y = ActivityFactory(meeting_place=place_x, organisation=org_y, title="Strikkecafé")
    activity_other = ActivityFactory(
        meeting_place=place_other, organisation=org_other, title="Gåtur"
    )
    volunteer_x = VolunteerFactory(organisation=org_x, first_name="Hanne")
    volunteer_other = VolunteerFactory(organisation=org_other, first_name="Bent")

    citizen_a = CitizenFactory(team=team_a, first_name="Inger", phone="20304050")
    citizen_b = CitizenFactory(team=team_b, first_name="Poul", phone="30405060")
    citizen_other = CitizenFactory(team=team_other, first_name="Karen", postcode="4180")
    screening_a = ScreeningFactory(citizen=citizen_a)
    match_x = MatchFactory(citizen=citizen_a, activity=activity_x)
    match_y = MatchFactory(citizen=citizen_b, activity=activity_y)
    match_other = MatchFactory(citizen=citizen_other, activity=activity_other)
    referral_x = SelfReferral.objects.create(
        municipality=home,
        activity=activity_x,
        first_name="Bodil",
        phone="22334455",
        postcode="4990",
        consent_text="Ja",
        consent_given_at=timezone.now(),
    )

    # A mentor of organisation X, a relative waiting for one, and the 4-week question of
    # another relative's mentorship (whose link is public).
    offer_x = MentorOfferFactory(volunteer=volunteer_x)
    mentor_request_x = MentorRequestFactory(
        organisation=org_x, first_name="Sigrid", phone="60708090", email="sigrid@example.dk"
    )
    mentorship_x = MentorRequestFactory(
        organisation=org_x,
        first_name="Valborg",
        phone="70809010",
        status="accepted",
        mentor=offer_x,
        accepted_at=timezone.now(),
    )
    follow_up_x = FollowUp.objects.create(request=mentorship_x, kind=FollowUp.Kind.WEEK_4)

    volunteer_user = _member(
        "frivillig", role=Membership.Role.VOLUNTEER, municipality=home, organisation=org_x
    )
    volunteer_x.user = volunteer_user
    volunteer_x.save()
    users = {
        "anonymous": None,
        "volunteer": volunteer_user,
        "staff_a": _member(
            "personale_a", role=Membership.Role.STAFF, municipality=home, team=team_a
        ),
        "staff_b": _member(
            "personale_b", role=Membership.Role.STAFF, municipality=home, team=team_b
        ),
        "coordinator_x": _member(
            "koordinator_x", role=Membership.Role.COORDINATOR, municipality=home, organisation=org_x
        ),
        "coordinator_y": _member(
            "koordinator_y", role=Membership.Role.COORDINATOR, municipality=home, organisation=org_y
        ),
        "admin_other": _member("admin_soroe", role=Membership.Role.ADMIN, municipality=other),
        "admin": _member("admin_guldborgsund", role=Membership.Role.ADMIN, municipality=home),
        "operator": UserFactory(username="drift", is_staff=True, is_superuser=True, password=None),
    }
    assert list(users) == ROLES
    objects = {
        "home": home,
        "other": other,
        "team_a": team_a,
        "team_b": team_b,
        "team_other": team_other,
        "org_x": org_x,
        "org_y": org_y,
        "org_other": org_other,
        "place_x": place_x,
        "place_other": place_other,
        "activity_x": activity_x,
        "activity_y": activity_y,
        "activity_other": activity_other,
        "volunteer_x": volunteer_x,
        "volunteer_other": volunteer_other,
        "citizen_a": citizen_a,
        "citizen_b": citizen_b,
        "citizen_other": citizen_other,
        "screening_a": screening_a,
        "match_x": match_x,
        "match_y": match_y,
        "match_other": match_other,
        "referral_x": referral_x,
        "offer_x": offer_x,
        "mentor_request_x": mentor_request_x,
        "mentorship_x": mentorship_x,
        "follow_up_x": follow_up_x,
    }
    return World(users=users, objects=objects)


@pytest.fixture
def world_async(transactional_db):
    """The same world for async tests (which need a transactional database)."""
    return build_world()
