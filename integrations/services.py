"""Creating and revoking API keys, and recording each use. Only a municipality's admin
creates or revokes its keys (the page checks the role; these check the municipality)."""

import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetingplaces.models import Membership, Municipality, Team

from .models import ApiToken, ApiTokenUse


@transaction.atomic
def token_create(
    *, municipality: Municipality, name: str, scope: str, team_id: int | None, created_by
) -> tuple[ApiToken, str]:
    """A new key and its one-time clear text (shown once, never stored)."""
    team = None
    if scope == ApiToken.Scope.CARE_RECORD:
        team = Team.objects.filter(pk=team_id, municipality=municipality).first()
        if team is None:
            raise ValidationError({"team": _("Vælg et af kommunens teams.")})
    elif team_id is not None:
        raise ValidationError({"team": _("Kun et omsorgssystem hører til et team.")})
    # The key's own user: it holds the key's rights and nothing else, and it can never
    # sign in with a password.
    user = get_user_model()(username=f"api-{uuid.uuid4().hex[:16]}", first_name=name[:150])
    user.set_unusable_password()
    user.save()
    if team is not None:
        Membership.objects.create(
            user=user, role=Membership.Role.STAFF, municipality=municipality, team=team
        )
    token, clear_text = ApiToken.objects.create(
        user=user,
        expiry=None,
        name=name,
        scope=scope,
        municipality=municipality,
        team=team,
        created_by=created_by,
    )
    return token, clear_text


@transaction.atomic
def token_revoke(*, municipality: Municipality, token_digest: str) -> ApiToken:
    """Revoke a key of the municipality at once; the row and its log stay."""
    token = (
        ApiToken.objects.select_for_update()
        .filter(municipality=municipality, digest=token_digest)
        .first()
    )
    if token is None:
        raise ValidationError(_("Den nøgle findes ikke."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        token.user.is_active = False
        token.user.save(update_fields=["is_active"])
    return token


def token_use_record(*, token: ApiToken, method: str, path: str) -> None:
    ApiTokenUse.objects.create(token=token, method=method, path=path[:500])
