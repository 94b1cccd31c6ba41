"""People of the municipality: invited by a link with their role, given and relieved of
roles, deactivated — by their own municipality's admin, and by nobody else."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from meetingplaces.models import Membership
from notifications.models import Message
from tests.factories import StaffFactory, sign_in

from .conftest import role_of

User = get_user_model()


def invite(admin_pages, **fields):
    return admin_pages.post(reverse("frontend:municipal-users"), fields)


def link_in(response) -> str:
    return re.search(r'id="invitation-link" value="([^"]+)"', response.content.decode())[1]


def test_an_invited_coordinator_has_the_role_no_password_and_a_link_to_copy(
    admin_pages, home, organisation
):
    response = invite(
        admin_pages, email="Lis@Example.dk", role="coordinator", organisation=organisation.pk
    )

    assert response.status_code == 200
    user = User.objects.get(username="lis@example.dk")
    assert user.email == "lis@example.dk" and not user.has_usable_password()
    assert role_of(user) == [("coordinator", home.code, None, organisation.name)]
    assert "/invitation/" in link_in(response)
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_link_goes_by_e_mail_when_mail_is_set_up(
    admin_pages, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(admin_pages, email="ole@example.dk", role="staff", team=team.pk)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ole@example.dk"]
    assert link_in(response).split("/invitation/")[1] in mail.outbox[0].body
    assert "Linket er sendt med e-mail" in response.content.decode()


def test_without_mail_the_link_is_only_shown(admin_pages, team, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    response = invite(admin_pages, email="ole@example.dk", role="staff", team=team.pk)

    assert not Message.objects.exists()
    assert "Der er ikke sat e-mail op" in response.content.decode()
    assert link_in(response)


@pytest.mark.parametrize(
    "fields",
    [
        {"role": "staff"},  # no team
        {"role": "coordinator"},  # no organisation
        {"role": "volunteer"},  # not a role an admin gives
        {"role": "superuser"},
    ],
)
def test_a_role_without_its_team_or_organisation_is_refused(admin_pages, fields):
    response = invite(admin_pages, email="ole@example.dk", **fields)

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not User.objects.filter(username="ole@example.dk").exists()


@pytest.mark.parametrize("role, target", [("staff", "team"), ("coordinator", "organisation")])
def test_a_crafted_post_cannot_give_a_role_in_another_municipality(
    admin_pages, elsewhere, role, target
):
    response = invite(
        admin_pages, email="ole@example.dk", role=role, **{target: elsewhere[target].pk}
    )

    assert response.status_code == 200
    assert not User.objects.filter(username="ole@example.dk").exists()
    assert not Membership.objects.filter(
        municipality=elsewhere["municipality"], user__username="ole@example.dk"
    ).exists()


def test_a_crafted_role_for_an_existing_user_of_another_municipality_is_refused(
    admin_pages, elsewhere, team
):
    other = elsewhere["staff"]
    before = role_of(other)

    response = admin_pages.post(
        reverse("frontend:municipal-user", args=[other.pk]), {"role": "staff", "team": team.pk}
    )

    assert response.status_code == 404
    assert role_of(other) == before


def test_inviting_an_e_mail_that_is_a_user_elsewhere_is_refused(admin_pages, elsewhere, team):
    other = elsewhere["staff"]
    other.email = "kim@example.dk"
    other.save()

    response = invite(admin_pages, email="KIM@example.dk", role="staff", team=team.pk)

    assert "allerede en bruger med den e-mail" in response.content.decode()
    assert role_of(other) == [("staff", "0340", "Hjemmeplejen Sorø", None)]
    assert not Membership.objects.filter(user=other, municipality__code="0376").exists()


def test_the_admin_gives_a_colleague_a_second_role(admin_pages, home, staff, organisation):
    response = admin_pages.post(
        reverse("frontend:municipal-user", args=[staff.pk]),
        {"role": "coordinator", "organisation": organisation.pk},
    )

    assert response.status_code == 302
    assert ("coordinator", home.code, None, organisation.name) in role_of(staff)


def test_the_admin_removes_a_role(admin_pages, staff, organisation):
    Membership.objects.create(
        user=staff,
        role="coordinator",
        municipality=organisation.municipality,
        organisation=organisation,
    )
    membership = staff.memberships.get(role="coordinator")

    admin_pages.post(reverse("frontend:municipal-membership-remove", args=[membership.pk]))

    assert [role for role, *_ in role_of(staff)] == ["staff"]
    staff.refresh_from_db()
    assert staff.is_active


def test_removing_the_last_role_leaves_nothing_to_sign_in_to(admin_pages, staff):
    admin_pages.post(
        reverse("frontend:municipal-membership-remove", args=[staff.memberships.get().pk])
    )

    staff.refresh_from_db()
    assert not staff.memberships.exists() and not staff.is_active


def test_another_municipalitys_role_cannot_be_removed(admin_pages, elsewhere):
    membership = elsewhere["staff"].memberships.get()

    response = admin_pages.post(
        reverse("frontend:municipal-membership-remove", args=[membership.pk])
    )

    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_admin_cannot_remove_their_own_admin_role(admin_pages, municipality_admin):
    membership = municipality_admin.memberships.get()

    admin_pages.post(reverse("frontend:municipal-membership-remove", args=[membership.pk]))

    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_deactivated_user_is_signed_out_and_can_be_let_in_again(admin_pages, staff, client):
    from django.test import Client

    theirs = Client()
    sign_in(theirs, staff)
    assert theirs.get(reverse("frontend:homecare-citizens")).status_code == 200

    admin_pages.post(reverse("frontend:municipal-user-active", args=[staff.pk]), {"active": "0"})

    staff.refresh_from_db()
    assert not staff.is_active
    assert theirs.get(reverse("frontend:homecare-citizens")).status_code == 302  # to sign in

    admin_pages.post(reverse("frontend:municipal-user-active", args=[staff.pk]), {"active": "1"})
    staff.refresh_from_db()
    assert staff.is_active


def test_a_user_with_roles_in_another_municipality_is_not_deactivated(admin_pages, elsewhere, team):
    shared = StaffFactory(team=team)
    Membership.objects.create(
        user=shared, role="staff", municipality=elsewhere["municipality"], team=elsewhere["team"]
    )

    admin_pages.post(reverse("frontend:municipal-user-active", args=[shared.pk]), {"active": "0"})

    shared.refresh_from_db()
    assert shared.is_active


@pytest.mark.parametrize("who", ["staff", "coordinator"])
def test_another_municipalitys_user_cannot_be_deactivated(admin_pages, elsewhere, who):
    user = elsewhere[who]

    response = admin_pages.post(
        reverse("frontend:municipal-user-active", args=[user.pk]), {"active": "0"}
    )

    assert response.status_code == 404
    user.refresh_from_db()
    assert user.is_active


def test_the_admin_cannot_deactivate_themselves(admin_pages, municipality_admin):
    admin_pages.post(
        reverse("frontend:municipal-user-active", args=[municipality_admin.pk]), {"active": "0"}
    )

    municipality_admin.refresh_from_db()
    assert municipality_admin.is_active


def test_the_user_list_is_the_municipalitys_in_few_queries(
    admin_pages, staff, coordinator, elsewhere, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        # session, user, municipality, the users, their roles here, the form's teams and
        # organisations, the menu's admin check
        text = admin_pages.get(reverse("frontend:municipal-users")).content.decode()

    for user in (staff, coordinator):
        assert reverse("frontend:municipal-user", args=[user.pk]) in text
    for user in (elsewhere["staff"], elsewhere["coordinator"]):
        assert reverse("frontend:municipal-user", args=[user.pk]) not in text


@pytest.mark.parametrize("role, target", [("staff", "team"), ("coordinator", "organisation")])
def test_a_crafted_post_cannot_give_a_colleague_a_role_in_another_municipality(
    admin_pages, staff, elsewhere, role, target
):
    before = role_of(staff)

    response = admin_pages.post(
        reverse("frontend:municipal-user", args=[staff.pk]),
        {"role": role, target: elsewhere[target].pk},
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert role_of(staff) == before
