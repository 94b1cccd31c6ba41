"""Service errors on pages: the one place where a refusal by a service becomes text on a
form or a message. Services raise Django's ValidationError (keyed by field or not) or a
domain error (`config.errors.DomainError`, with its field when it has one)."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance

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


class ServiceCheckedModelForm(forms.ModelForm):
    """Field checks here; uniqueness and the database's rules are the service's, which
    explains them in plain words."""

    def _post_clean(self):
        exclude = self._get_validation_exclusions()
        try:
            self.instance = construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
            self.instance.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            self._update_errors(error)
