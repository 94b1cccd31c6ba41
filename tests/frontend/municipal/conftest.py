"""The municipality admin's pages: the admin of the default municipality, and a second
municipality with its own team, organisation and people that must stay out of reach."""

import pytest

from meetingplaces.models import Membership
from tests.factories import (
    CoordinatorFactory,
    MunicipalityFactory,
    OrganisationFactory,
    StaffFactory,
    TeamFactory,
)


@pytest.fixture
def home(municipality_admin):
    return municipality_admin.memberships.get().municipality


@pytest.fixture
def elsewhere(db):
    municipality = MunicipalityFactory(code="0340", name="Sorø", slug="soroe")
    team = TeamFactory(municipality=municipality, name="Hjemmeplejen Sorø")
    organisation = OrganisationFactory(municipality=municipality, name="Ældre Sagen Sorø")
    return {
        "municipality": municipality,
        "team": team,
        "organisation": organisation,
        "staff": StaffFactory(team=team, username="soroe-staff"),
        "coordinator": CoordinatorFactory(organisation=organisation, username="soroe-koord"),
    }


@pytest.fixture
def admin_pages(municipality_admin_client):
    """The pages, signed in as the municipality's admin."""
    return municipality_admin_client


def role_of(user) -> list[tuple]:
    return sorted(
        Membership.objects.filter(user=user).values_list(
            "role", "municipality__code", "team__name", "organisation__name"
        )
    )
