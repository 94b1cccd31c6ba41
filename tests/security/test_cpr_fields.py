"""Every free-text field of every model refuses a CPR number: the check sits on the model
field, so the model forms, the model serializers and the admin all run it."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from security.cpr import refuse_cpr_number

# Fields that cannot hold free text from a person, each with why. Fields with choices,
# slugs, e-mail addresses and URLs (their own validators) and fields too short for ten
# digits (postcodes) are left out by kind, below.
NOT_FREE_TEXT = {
    # The official three- or four-digit municipality code.
    "meetingplaces.Municipality.code",
    # Written by the access functions from the signed-in account and the code's own names.
    "matching.AuditEvent.username",
    "matching.AuditEvent.view",
    "matching.AuditEvent.detail",
    # The consent text the page showed, in the version the code holds.
    "matching.SelfReferral.consent_text",
    # The consent text's version: a constant of the code (matching.consent), never typed.
    "matching.Citizen.consent_text_version",
    "mentors.MentorRequest.consent_text",
    "meetingplaces.Volunteer.consent_text",
    # Composed by the notification services from templates and already checked fields.
    "notifications.Message.template",
    "notifications.Message.subject",
    "notifications.Message.body",
    "notifications.Message.html",
    "notifications.Message.last_error",
    "notifications.Message.dedupe_key",
    # knox's digest and key prefix, and the method and path the authentication records.
    "integrations.ApiToken.digest",
    "integrations.ApiToken.token_key",
    "integrations.ApiTokenUse.method",
    "integrations.ApiTokenUse.path",
}
CONSTRAINED_KINDS = (models.SlugField, models.EmailField, models.URLField)


def project_models():
    """Samvær's own models; Django's and the libraries' tables take no form of ours."""
    for model in apps.get_models():
        if str(settings.BASE_DIR) in str(model._meta.app_config.path) and ".venv" not in str(
            model._meta.app_config.path
        ):
            yield model


def free_text_fields():
    for model in project_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField | models.TextField) or field.auto_created:
                continue
            name = f"{model._meta.label}.{field.name}"
            too_short = field.max_length is not None and field.max_length < 10
            if field.choices or isinstance(field, CONSTRAINED_KINDS) or too_short:
                continue
            if name not in NOT_FREE_TEXT:
                yield pytest.param(field, id=name)


def test_the_walk_sees_the_models_that_hold_free_text():
    labels = {model._meta.label for model in project_models()}
    assert {"matching.Citizen", "matching.Match", "meetingplaces.Volunteer"} <= labels
    assert "auth.User" not in labels


@pytest.mark.parametrize("field", free_text_fields())
def test_every_free_text_field_refuses_a_cpr_number(field):
    assert refuse_cpr_number in field.validators


def test_the_list_of_fields_without_free_text_names_only_fields_that_exist():
    existing = {
        f"{model._meta.label}.{field.name}"
        for model in project_models()
        for field in model._meta.get_fields()
    }
    assert existing >= NOT_FREE_TEXT
