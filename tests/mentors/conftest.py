"""The mentors' world: Anna coordinates an organisation with one approved mentor (Hanne,
a spouse of someone with dementia, phone or walk) and one who waits for approval."""

import pytest
from django.core.cache import cache

from mentors.models import MentorOffer
from tests.factories import MentorOfferFactory, VolunteerFactory


@pytest.fixture(autouse=True)
def empty_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mentor(organisation):
    return MentorOfferFactory(
        volunteer=VolunteerFactory(
            organisation=organisation, first_name="Hanne", email="hanne@example.dk"
        )
    )


@pytest.fixture
def pending_mentor(organisation):
    return MentorOfferFactory(
        volunteer=VolunteerFactory(
            organisation=organisation, first_name="Jens", phone="50607080", is_approved=False
        ),
        status=MentorOffer.Status.PENDING,
    )


@pytest.fixture
def answers():
    """What the public form sends (with the consent and the organisation added)."""
    return {
        "first_name": "Birthe",
        "phone": "40 50 60 70",
        "email": "",
        "postcode": "4990",
        "relation": "spouse",
        "illness": "dementia",
        "ways": 4 | 1,
        "preferred_slots": 0,
    }
