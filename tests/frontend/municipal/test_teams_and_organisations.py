"""Teams and organisations, made and changed by the municipality's admin, and only theirs."""

import pytest
from django.urls import reverse

from meetingplaces.models import Organisation, Team


def test_the_admin_creates_a_team(admin_pages, home):
    response = admin_pages.post(
        reverse("frontend:municipal-teams"), {"name": "  Hjemmeplejen  Øst "}
    )

    assert response.status_code == 302
    assert Team.objects.get(municipality=home).name == "Hjemmeplejen Øst"


def test_a_team_name_used_already_is_refused_and_nothing_is_made(admin_pages, home, team):
    response = admin_pages.post(reverse("frontend:municipal-teams"), {"name": team.name})

    assert response.status_code == 200
    assert "allerede et team med det navn" in response.content.decode()
    assert Team.objects.filter(municipality=home).count() == 1


def test_the_admin_renames_a_team(admin_pages, team):
    admin_pages.post(reverse("frontend:municipal-team", args=[team.pk]), {"name": "Team Vest"})

    team.refresh_from_db()
    assert team.name == "Team Vest"


def test_another_municipalitys_team_does_not_exist_for_the_admin(admin_pages, elsewhere):
    team = elsewhere["team"]
    url = reverse("frontend:municipal-team", args=[team.pk])

    assert admin_pages.get(url).status_code == 404
    assert admin_pages.post(url, {"name": "Overtaget"}).status_code == 404
    team.refresh_from_db()
    assert team.name == "Hjemmeplejen Sorø"


def test_the_team_list_shows_only_the_admins_own_teams_in_few_queries(
    admin_pages, team, elsewhere, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        # session, user, the admin's municipality, the teams with their staff counts,
        # the menu's admin check
        text = admin_pages.get(reverse("frontend:municipal-teams")).content.decode()

    assert team.name in text
    assert elsewhere["team"].name not in text


def test_the_admin_creates_an_organisation_that_serves_a_neighbour(admin_pages, home, elsewhere):
    neighbour = elsewhere["municipality"]
    response = admin_pages.post(
        reverse("frontend:municipal-organisation-new"),
        {
            "name": "Røde Kors Nykøbing",
            "kind": "association",
            "phone": "54 11 22 33",
            "email": "kontakt@example.dk",
            "website": "",
            "serves": [neighbour.pk],
        },
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Røde Kors Nykøbing")
    assert organisation.municipality == home
    assert list(organisation.serves.all()) == [neighbour]
    assert set(Organisation.objects.serving(neighbour)) == {elsewhere["organisation"], organisation}


def test_editing_an_organisation_changes_its_fields_and_its_agreements(
    admin_pages, organisation, elsewhere
):
    organisation.serves.add(elsewhere["municipality"])
    response = admin_pages.post(
        reverse("frontend:municipal-organisation", args=[organisation.pk]),
        {"name": "Ældre Sagen Guldborgsund", "kind": "association", "email": "a@example.dk"},
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Ældre Sagen Guldborgsund"
    assert organisation.email == "a@example.dk"
    assert not organisation.serves.exists()


def test_an_invalid_organisation_is_refused_with_a_message_and_nothing_changes(
    admin_pages, organisation
):
    response = admin_pages.post(
        reverse("frontend:municipal-organisation", args=[organisation.pk]),
        {"name": "", "kind": "spaceship", "email": "ikke-en-mail"},
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Ældre Sagen Sakskøbing" and organisation.email == ""


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_municipalitys_organisation_does_not_exist_for_the_admin(
    admin_pages, elsewhere, method
):
    organisation = elsewhere["organisation"]
    url = reverse("frontend:municipal-organisation", args=[organisation.pk])

    response = getattr(admin_pages, method)(url, {"name": "Overtaget", "kind": "association"})

    assert response.status_code == 404
    organisation.refresh_from_db()
    assert organisation.name == "Ældre Sagen Sorø"


def test_the_organisation_list_is_the_admins_own_in_few_queries(
    admin_pages, organisation, elsewhere, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        # session, user, municipality, organisations with counts, their agreements, menu
        text = admin_pages.get(reverse("frontend:municipal-organisations")).content.decode()

    assert organisation.name in text
    assert "Ældre Sagen Sorø" not in text


def test_other_roles_are_refused_the_admin_pages(staff_client):
    assert staff_client.get(reverse("frontend:municipal-teams")).status_code == 403
