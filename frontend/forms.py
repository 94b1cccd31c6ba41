"""Service errors on pages: the one place where a refusal by a service becomes text on a
form or a message. Services raise Django's ValidationError (keyed by field or not) or a
domain error (`config.errors.DomainError`, with its field when it has one)."""

from django import forms
from django.core.exceptions import ValidationError

from config.errors import DomainError


def add_service_errors(form: forms.Form, error: ValidationError | DomainError) -> None:
    """Each message on the form's field it is about, the others at the top of the form."""
    if isinstance(error, DomainError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def service_messages(error: ValidationError | DomainError) -> list[str]:
    """The messages of a service's refusal, for a page that shows them as messages."""
    if isinstance(error, DomainError):
        return [error.message]
    return list(error.messages)
