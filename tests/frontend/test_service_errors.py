"""A service's refusal on a page: each message on the field it is about, others on top."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from config.errors import DomainError
from frontend.forms import add_service_errors, service_messages


class PostcodeForm(forms.Form):
    postcode = forms.CharField(required=False)


def _form() -> PostcodeForm:
    form = PostcodeForm({"postcode": "0000"})
    assert form.is_valid()
    return form


@pytest.mark.parametrize(
    "error",
    [
        ValidationError({"postcode": "Ukendt postnummer."}),
        DomainError("Ukendt postnummer.", field="postcode"),
    ],
)
def test_a_message_about_a_field_of_the_form_goes_on_that_field(error):
    form = _form()
    add_service_errors(form, error)
    assert form.errors == {"postcode": ["Ukendt postnummer."]}


@pytest.mark.parametrize(
    "error",
    [
        ValidationError("Prøv igen om en time."),
        ValidationError({"organisation": "Prøv igen om en time."}),
        DomainError("Prøv igen om en time."),
        DomainError("Prøv igen om en time.", field="organisation"),
    ],
)
def test_a_message_about_nothing_on_the_form_goes_on_top(error):
    form = _form()
    add_service_errors(form, error)
    assert form.non_field_errors() == ["Prøv igen om en time."]


def test_the_messages_of_a_refusal_for_a_page_without_a_form():
    assert service_messages(DomainError("Ingen plads.")) == ["Ingen plads."]
    assert service_messages(ValidationError(["Én.", "To."])) == ["Én.", "To."]
