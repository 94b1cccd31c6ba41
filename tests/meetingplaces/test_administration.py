"""The administration services refuse what lies outside the admin's municipality on their
own, whatever a form let through: a team, an organisation or a person of another."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404

from meetingplaces.administration import services
from meetingplaces.models import Membership, Organisation, Team
from tests.factories import MunicipalityFactory, OrganisationFactory, StaffFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return MunicipalityFactory()


@pytest.fixture
def other():
    return MunicipalityFactory(code="0340", name="Sorø", slug="soroe")


@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_an_invitation_to_another_municipalitys_team_or_organisation_is_refused(
    home, other, municipality_admin, role
):
    scope = {
        "team": TeamFactory(municipality=other),
        "organisation": OrganisationFactory(municipality=other),
    }

    with pytest.raises(ValidationError) as refused:
        services.user_invite(
            municipality=home, email="ole@example.dk", role=role, by=municipality_admin, **scope
        )

    assert set(refused.value.message_dict) == {"team" if role == "staff" else "organisation"}
    assert not get_user_model().objects.filter(username="ole@example.dk").exists()


def test_a_role_for_a_colleague_in_another_municipalitys_team_is_refused(home, other):
    colleague = StaffFactory(team=TeamFactory(municipality=home))

    with pytest.raises(ValidationError):
        services.membership_add(
            municipality=home,
            user_id=colleague.pk,
            role="staff",
            team=TeamFactory(municipality=other),
        )

    assert Membership.objects.filter(user=colleague).count() == 1


def test_another_municipalitys_person_team_and_organisation_do_not_exist(
    home, other, municipality_admin
):
    team = TeamFactory(municipality=other, name="Sorø Nord")
    organisation = OrganisationFactory(municipality=other, name="Sorø Forening")
    person = StaffFactory(team=team)

    for attempt in (
        lambda: services.team_rename(municipality=home, team_id=team.pk, name="Ny"),
        lambda: services.organisation_save(
            municipality=home, organisation_id=organisation.pk, name="Ny", kind="association"
        ),
        lambda: services.user_set_active(
            municipality=home, user_id=person.pk, active=False, by=municipality_admin
        ),
        lambda: services.membership_add(municipality=home, user_id=person.pk, role="admin"),
    ):
        with pytest.raises(Http404):
            attempt()

    assert Team.objects.get(pk=team.pk).name == "Sorø Nord"
    assert Organisation.objects.get(pk=organisation.pk).name == "Sorø Forening"
    person.refresh_from_db()
    assert person.is_active and person.memberships.count() == 1


def test_an_organisation_never_lists_its_own_municipality_as_served(home, other):
    organisation = services.organisation_save(
        municipality=home, name="Røde Kors", kind="association", serves=[home, other]
    )

    assert list(organisation.serves.all()) == [other]
