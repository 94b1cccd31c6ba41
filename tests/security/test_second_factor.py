"""The second factor: a password alone reads no citizen, enrolment at the first sign-in, a
code refused on reuse, recovery codes that work once, and the password change."""

import re
from base64 import b32decode

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.second_factor import check_code, replace_recovery_codes
from tests.factories import UserFactory, app_device_of, code_of, sign_in
from tests.security.test_accounts import _settings_with

PASSWORD = "test-adgangskode-42"

# Each role that reads citizens, with a page and an API call that show one of them.
CITIZEN_READS = {
    "staff_a": (
        lambda w: reverse("frontend:homecare-citizen", args=[w.citizen_a.pk]),
        lambda w: reverse("citizen-detail", args=[w.citizen_a.pk]),
    ),
    "coordinator_x": (
        lambda w: reverse("frontend:match", args=[w.match_x.pk]),
        lambda w: reverse("match-detail", args=[w.match_x.pk]),
    ),
    "admin": (lambda w: reverse("frontend:municipal-citizen", args=[w.citizen_a.pk]), None),
    "operator": (lambda w: reverse("admin:matching_citizen_changelist"), None),
}


def _reads_a_citizen(client, url, *, api: bool) -> bool:
    response = client.get(url)
    if api:
        return response.status_code == 200
    return response.status_code == 200 and "Inger" in response.content.decode()


def _citizen_readers(world, *, second_factor: bool) -> list[str]:
    readers = []
    for role, (page, api) in CITIZEN_READS.items():
        client = Client()
        user = world.users[role]
        if second_factor:
            sign_in(client, user)
            if role == "operator":
                client.post(
                    reverse("admin:support-session"),
                    {"code": code_of(app_device_of(user)), "reason": "Fejlsøgning af en sag"},
                )
        else:
            client.force_login(user)  # the password step only
        reads = [_reads_a_citizen(client, page(world), api=False)]
        if api is not None:
            reads.append(_reads_a_citizen(client, api(world), api=True))
        if any(reads):
            readers.append(role)
    return readers


def test_roles_that_read_citizen_data_with_a_password_alone_are_none(world):
    assert _citizen_readers(world, second_factor=True) == list(CITIZEN_READS)
    assert _citizen_readers(world, second_factor=False) == []


def test_a_password_alone_is_sent_to_the_code_and_the_api_says_why(world):
    client = Client()
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("frontend:homecare-citizens"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("security:verify") + "?next=")
    api = client.get(reverse("citizen-list"))
    assert api.status_code == 403
    assert api.json() == {
        "code": "second_factor_required",
        "detail": api.json()["detail"],
        "fields": {},
    }


def _password_step(client, user, next_url="/"):
    response = client.post(
        reverse("frontend:login") + f"?next={next_url}",
        {"username": user.username, "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    return client.get(response["Location"], follow=True)


def test_the_first_sign_in_enrols_an_app_and_shows_ten_recovery_codes_once(world):
    staff = world.users["staff_a"]
    staff.set_password(PASSWORD)
    staff.save()
    client = Client()
    target = reverse("frontend:homecare-citizens")
    enrol = _password_step(client, staff, target)
    assert enrol.redirect_chain[-1][0].startswith(reverse("security:enrol"))
    html = enrol.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    secret = "".join(re.search(r'class="secret-key"><code>([A-Z2-7 ]+)</code>', html)[1].split())
    code = f"{totp(b32decode(secret)):06d}"
    done = client.post(reverse("security:enrol"), {"code": code, "next": target})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert client.get(target).status_code == 200
    # Enrolled: the next sign-in asks for the code, and never shows the codes again.
    again = Client()
    verify = _password_step(again, staff, target)
    assert verify.redirect_chain[-1][0].startswith(reverse("security:verify"))
    assert (
        again.get(reverse("security:enrol"), follow=True)
        .redirect_chain[-1][0]
        .startswith(reverse("security:verify"))
    )


def test_a_wrong_code_at_enrolment_confirms_nothing(world):
    staff = world.users["staff_a"]
    client = Client()
    client.force_login(staff)
    client.get(reverse("security:enrol"))
    response = client.post(reverse("security:enrol"), {"code": "000000"})
    assert response.status_code == 200 and "Koden passer ikke" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert client.get(reverse("frontend:homecare-citizens")).status_code == 302


def test_a_code_is_refused_when_used_again_within_its_window(world):
    staff = world.users["staff_a"]
    staff.set_password(PASSWORD)
    staff.save()
    code = code_of(app_device_of(staff))
    first = Client()
    _password_step(first, staff)
    assert first.post(reverse("security:verify"), {"code": code}).status_code == 302
    assert first.get(reverse("frontend:homecare-citizens")).status_code == 200
    second = Client()
    _password_step(second, staff)
    refused = second.post(reverse("security:verify"), {"code": code})
    assert refused.status_code == 200
    assert "er brugt før" in refused.content.decode()
    assert second.get(reverse("frontend:homecare-citizens")).status_code == 302


@pytest.mark.parametrize("typed", ["{code}", "{CODE}", "{a}-{b}", " {a} {b} "])
def test_a_recovery_code_works_once(world, typed):
    staff = world.users["staff_a"]
    staff.set_password(PASSWORD)
    staff.save()
    app_device_of(staff)
    code = replace_recovery_codes(user=staff)[3]
    written = typed.format(code=code, CODE=code.upper(), a=code[:4], b=code[4:])
    first = Client()
    _password_step(first, staff)
    assert first.post(reverse("security:verify"), {"code": written}).status_code == 302
    assert first.get(reverse("frontend:homecare-citizens")).status_code == 200
    second = Client()
    _password_step(second, staff)
    assert second.post(reverse("security:verify"), {"code": written}).status_code == 200
    assert second.get(reverse("frontend:homecare-citizens")).status_code == 302


def _recovery_codes_on(page) -> list[str]:
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", page.content.decode())


def test_new_recovery_codes_for_a_code_from_the_app_replace_the_old_ones(world):
    staff = world.users["staff_a"]
    client = sign_in(Client(), staff)
    old = replace_recovery_codes(user=staff)
    old[0:2] = []  # two of them used
    StaticToken.objects.filter(device__user=staff).exclude(token__in=old).delete()
    page = client.get(reverse("security:password-change"))
    assert "Du har 8 ubrugte gendannelseskoder" in page.content.decode()
    form = client.get(reverse("security:recovery-codes"))
    assert form.status_code == 200 and "Du har 8 ubrugte" in form.content.decode()

    renewed = client.post(
        reverse("security:recovery-codes"), {"code": code_of(app_device_of(staff))}
    )
    new = _recovery_codes_on(renewed)
    assert renewed.status_code == 200 and "De gamle virker ikke længere" in renewed.content.decode()
    assert len(new) == 10 and not set(new) & set(old)
    assert set(
        StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)
    ) == set(new)
    assert check_code(user=staff, code=new[0]) is not None
    # (After a wrong code django-otp throttles the device for a second: this one last.)
    assert check_code(user=staff, code=old[0]) is None


@pytest.mark.parametrize("wrong", ["000000", "recovery", "", "{used}"])
def test_recovery_codes_are_not_renewed_without_a_fresh_code_from_the_app(world, wrong):
    staff = world.users["staff_a"]
    client = sign_in(Client(), staff)
    recovery = replace_recovery_codes(user=staff)
    app_code = code_of(app_device_of(staff))
    assert check_code(user=staff, code=app_code) is not None  # now used: refused below
    if wrong == "000000":  # a code no time step the device accepts now would show
        accepted = {code_of(app_device_of(staff), steps_ahead=step) for step in (-1, 0, 1)}
        wrong = next(f"{n:06d}" for n in range(4) if f"{n:06d}" not in accepted)
    code = {"recovery": recovery[0], "{used}": app_code}.get(wrong, wrong)
    refused = client.post(reverse("security:recovery-codes"), {"code": code})
    assert refused.status_code == 200 and not _recovery_codes_on(refused)
    assert refused.context["form"].errors
    left = set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert left == set(recovery)  # unchanged, and the recovery code was not spent either


def test_the_recovery_codes_page_is_reached_from_the_menu(world):
    staff = world.users["staff_a"]
    client = sign_in(Client(), staff)
    replace_recovery_codes(user=staff)
    home = client.get(reverse("frontend:homecare-citizens")).content.decode()
    assert f'href="{reverse("security:password-change")}"' in home
    page = client.get(reverse("security:password-change")).content.decode()
    assert f'href="{reverse("security:recovery-codes")}"' in page


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(world):
    staff = world.users["staff_a"]
    staff.set_password(PASSWORD)
    staff.save()
    here, elsewhere = sign_in(Client(), staff), sign_in(Client(), staff)
    changed = here.post(
        reverse("security:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "et-helt-nyt-kodeord-77",
            "new_password2": "et-helt-nyt-kodeord-77",
        },
    )
    assert changed.status_code == 302
    assert here.get(reverse("frontend:homecare-citizens")).status_code == 200
    assert elsewhere.get(reverse("frontend:homecare-citizens"))["Location"].startswith(
        reverse("frontend:login")
    )
    assert Session.objects.count() == 1


def test_a_password_change_needs_the_current_password(world):
    staff = world.users["staff_a"]
    staff.set_password(PASSWORD)
    staff.save()
    here, elsewhere = sign_in(Client(), staff), sign_in(Client(), staff)
    refused = here.post(
        reverse("security:password-change"),
        {
            "old_password": "forkert-kode",
            "new_password1": "et-helt-nyt-kodeord-77",
            "new_password2": "et-helt-nyt-kodeord-77",
        },
    )
    assert refused.status_code == 200
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
    assert elsewhere.get(reverse("frontend:homecare-citizens")).status_code == 200


def test_the_second_factor_is_on_whenever_debug_is_off():
    assert _settings_with({"DEBUG": "0", "REQUIRE_MFA": "0"}, "settings.REQUIRE_MFA") == "True"
    assert _settings_with({"DEBUG": "1", "REQUIRE_MFA": "0"}, "settings.REQUIRE_MFA") == "False"
    assert _settings_with({"DEBUG": "1"}, "settings.REQUIRE_MFA") == "True"


def test_without_the_setting_a_password_opens_the_pages(world, settings):
    settings.REQUIRE_MFA = False
    client = Client()
    client.force_login(UserFactory(username="demo"))
    assert client.get(reverse("notifications:preferences")).status_code == 200
