"""The second factor: a code from an authenticator app (TOTP) or a one-time recovery code,
asked after the password. django-otp keeps the devices, refuses a TOTP code that was used
before (TOTPDevice.last_t), slows down guessing (its throttling) and deletes a recovery
code once used; this module is Samvær's rule around it.

The rule: with REQUIRE_MFA, a signed-in session opens nothing until it holds a confirmed
device (django-otp's session key, set by `django_otp.login`). Every signed-in account is
held to it, not only those whose roles read citizens today: a role can be given to an
account at any time, and its open session must not read a citizen on the password alone.
A later sign-in through the municipality's own identity provider (OIDC/SAML) can mark its
sessions the same way.
"""

from django.conf import settings
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Godkendelsesapp"
RECOVERY_DEVICE_NAME = "Gendannelseskoder"


def verified_device(user, session) -> Device | None:
    """The device that confirmed this session's sign-in, or None. One question for pages,
    the API and the sockets (django-otp's OTPMiddleware answers it for HTTP only)."""
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    if not persistent_id or user is None or not user.is_authenticated:
        return None
    device = Device.from_persistent_id(persistent_id)
    if device is None or device.user_id != user.pk or not device.confirmed:
        return None
    return device


def session_is_open(user, session) -> bool:
    """Whether a signed-in session may open what the user's roles allow."""
    return not settings.REQUIRE_MFA or verified_device(user, session) is not None


def has_app_device(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_app_device(user) -> TOTPDevice:
    """The authenticator-app device being enrolled: the same secret until it is confirmed,
    so reloading the page does not change the QR code."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def confirm_app_device(request, code: str) -> list[str] | None:
    """Enrolment's last step: a right code from the new app confirms its device, marks this
    session as verified and returns the new recovery codes (shown once); None if wrong."""
    user = request.user
    with transaction.atomic():
        device = (
            TOTPDevice.objects.devices_for_user(user, confirmed=False)
            .select_for_update()
            .order_by("pk")
            .first()
        )
        if device is None or not device.verify_token(_clean(code)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
        codes = replace_recovery_codes(user=user)
    _mark_verified(request, device)
    return codes


def replace_recovery_codes(*, user) -> list[str]:
    """New recovery codes for the user; the old ones stop working. Each works once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def renew_recovery_codes(*, user, app_code: str) -> list[str] | None:
    """New recovery codes for a user who shows a code from the app now (not a recovery
    code: whoever lost the phone sets up a new app first); None if the code is wrong."""
    code = _clean(app_code)
    if not code.isdigit() or check_code(user=user, code=code) is None:
        return None
    return replace_recovery_codes(user=user)


def verify_second_factor(request, code: str) -> bool:
    """A code from the app (six digits) or a recovery code: right, and this session is
    verified; wrong, reused or guessed too fast (django-otp's throttling), and it is not."""
    device = check_code(user=request.user, code=code)
    if device is None:
        return False
    _mark_verified(request, device)
    return True


def check_code(*, user, code: str) -> Device | None:
    """The user's device that accepts the code now, or None. A TOTP code is accepted once."""
    code = _clean(code)
    kind = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        for device in kind.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


def _clean(code: str) -> str:
    # People type codes with spaces or a dash, as apps and the printed list group them.
    return "".join(str(code or "").split()).replace("-", "").lower()[:16]


def _mark_verified(request, device) -> None:
    # A new session key with the new rights, as at the password step.
    request.session.cycle_key()
    otp_login(request, device)
