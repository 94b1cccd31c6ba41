"""factory-boy factories for the actors and things of Samvær. All data is fictional."""

from datetime import time

import factory
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from matching.models import Citizen, Match, Screening
from meetingplaces.models import (
    Activity,
    MeetingPlace,
    Membership,
    Municipality,
    Organisation,
    Team,
    Volunteer,
)
from meetingplaces.vocabulary import ALL_SLOTS
from mentors.models import MentorOffer, MentorRequest
from mentors.vocabulary import Illness, Relation, Way


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    code = "0376"
    name = "Guldborgsund"
    slug = "guldborgsund"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Hjemmeplejen {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Forening {n}")
    kind = Organisation.Kind.ASSOCIATION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruger{n}")
    first_name = "Test"
    password = factory.django.Password("test-adgangskode-42")


class StaffFactory(UserFactory):
    """A home-care staff member of a team."""

    @factory.post_generation
    def team(self, create, team, **kwargs):
        team = team or TeamFactory()
        Membership.objects.create(
            user=self, role=Membership.Role.STAFF, municipality=team.municipality, team=team
        )


class CoordinatorFactory(UserFactory):
    """A volunteer coordinator of an organisation."""

    @factory.post_generation
    def organisation(self, create, organisation, **kwargs):
        organisation = organisation or OrganisationFactory()
        Membership.objects.create(
            user=self,
            role=Membership.Role.COORDINATOR,
            municipality=organisation.municipality,
            organisation=organisation,
        )


class MunicipalityAdminFactory(UserFactory):
    """An admin of a municipality."""

    @factory.post_generation
    def municipality(self, create, municipality, **kwargs):
        Membership.objects.create(
            user=self,
            role=Membership.Role.ADMIN,
            municipality=municipality or MunicipalityFactory(),
        )


class MeetingPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingPlace

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Mødested {n}")
    street = "Torvet 1"
    postcode = "4990"
    town = "Sakskøbing"
    latitude = 54.7971
    longitude = 11.6452
    step_free = True


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    meeting_place = factory.SubFactory(MeetingPlaceFactory)
    municipality = factory.SelfAttribute("meeting_place.municipality")
    organisation = factory.SubFactory(
        OrganisationFactory, municipality=factory.SelfAttribute("..municipality")
    )
    title = factory.Sequence(lambda n: f"Kortspil {n}")
    category = "games"
    interests = 0b10
    weekday = 1
    start_time = time(10, 0)
    end_time = time(12, 0)
    capacity = 20


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    organisation = factory.SubFactory(OrganisationFactory)
    municipality = factory.SelfAttribute("organisation.municipality")
    first_name = factory.Sequence(lambda n: f"Frivillig{n}")
    postcode = "4990"
    latitude = 54.80
    longitude = 11.65
    can_accompany = True
    is_approved = True
    # Free at every time unless a test says when: most tests are about something else.
    availability = ALL_SLOTS


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen

    team = factory.SubFactory(TeamFactory)
    municipality = factory.SelfAttribute("team.municipality")
    care_reference = factory.Sequence(lambda n: f"REF-{n:05d}")
    first_name = "Inger"
    phone = ""
    # A number given in a test is the citizen's own unless the test says otherwise.
    phone_holder = factory.LazyAttribute(
        lambda citizen: Citizen.PhoneHolder.CITIZEN if citizen.phone else ""
    )
    postcode = "4990"
    latitude = 54.797
    longitude = 11.645
    mobility = Citizen.Mobility.WALKS_ALONE
    max_distance_km = 5
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_method = Citizen.ConsentMethod.VERBAL
    waiting_since = factory.LazyFunction(timezone.now)


class ScreeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Screening

    citizen = factory.SubFactory(CitizenFactory)
    kind = Screening.Kind.BASELINE
    lacks_companionship = 3
    feels_left_out = 2
    feels_isolated = 3
    taken_on = factory.LazyFunction(timezone.localdate)


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Match

    citizen = factory.SubFactory(CitizenFactory)
    activity = factory.SubFactory(ActivityFactory)
    organisation = factory.SelfAttribute("activity.organisation")
    score = 1.0


def app_device_of(user) -> TOTPDevice:
    """The user's confirmed authenticator-app device (the second factor), made once."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Godkendelsesapp", confirmed=True)


def code_of(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (or that many time steps later)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, drift=steps_ahead)
    return f"{code:0{device.digits}d}"


def sign_in(client, user):
    """Sign `user` in to `client` as a finished sign-in does: the password step (Django's
    force_login), then the second factor, marked in the session as django-otp's login
    marks it. Returns the client."""
    client.force_login(user)
    return confirm_second_factor(client, user)


def confirm_second_factor(client, user):
    """The second step of a sign-in whose password step `client` has just done."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = app_device_of(user).persistent_id
    session.save()
    return client


def load_demo(*args, **options) -> None:
    """`manage.py load_demo` as `make run` calls it, with DEBUG on (it refuses without)."""
    with override_settings(DEBUG=True):
        call_command("load_demo", *args, **options)


def start_support_session(client, operator, reason: str = "Fejlsøgning efter henvendelse"):
    """An operator signed in to `client` starts a support session in the admin, as the
    support-session page asks: a fresh code and a reason."""
    response = client.post(
        reverse("admin:support-session"),
        {"code": code_of(app_device_of(operator), steps_ahead=1), "reason": reason},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


class MentorOfferFactory(factory.django.DjangoModelFactory):
    """An approved mentor who was a spouse of someone with dementia, meets by phone or on a
    walk near Sakskøbing, any time."""

    class Meta:
        model = MentorOffer

    volunteer = factory.SubFactory(VolunteerFactory)
    relation = Relation.SPOUSE
    illness = Illness.DEMENTIA
    ways = Way.PHONE | Way.WALK
    address = "4990"
    latitude = 54.797
    longitude = 11.645
    availability = ALL_SLOTS
    max_relatives = 2
    status = MentorOffer.Status.APPROVED


class MentorRequestFactory(factory.django.DjangoModelFactory):
    """A new request from a relative near Sakskøbing (a spouse, dementia, phone or walk)."""

    class Meta:
        model = MentorRequest

    organisation = factory.SubFactory(OrganisationFactory)
    municipality = factory.SelfAttribute("organisation.municipality")
    first_name = "Birthe"
    phone = "40506070"
    postcode = "4990"
    latitude = 54.797
    longitude = 11.645
    relation = Relation.SPOUSE
    illness = Illness.DEMENTIA
    ways = Way.PHONE | Way.WALK
    consent_text = "Ja"
    consent_given_at = factory.LazyFunction(timezone.now)
