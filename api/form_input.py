"""Input serializers that validate through the pages' Django forms.

Where a page and the API take the same body, the form is the one home of its rules and
Danish messages. `FormInputSerializer` makes that form the API's input serializer too: it
validates by running the form, and its fields (the request schema) are derived from the
form's fields, so the documented body cannot drift from the validated one.
"""

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


def _choices(field: forms.ChoiceField, *, labels: bool = True) -> list:
    # Integer choices are documented as integers, as clients send them; others as text.
    coerce = getattr(field, "coerce", None)
    choices = [(int(value) if coerce is int else value, label) for value, label in field.choices]
    return choices if labels else [value for value, _label in choices]


def _serializer_field(field: forms.Field) -> serializers.Field:
    """The serializer field that documents a form field (the form itself validates)."""
    options = {"required": field.required, "help_text": field.help_text or None}
    if isinstance(field, forms.MultipleChoiceField):
        # Lists of choices are written as other endpoints write them (api.fields), without
        # labels, so the schema names one choice set once.
        return serializers.MultipleChoiceField(choices=_choices(field, labels=False), **options)
    if isinstance(field, forms.ChoiceField):
        return serializers.ChoiceField(choices=_choices(field), **options)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**options)
    if isinstance(field, forms.DateField):
        return serializers.DateField(**options)
    if isinstance(field, forms.CharField):
        return serializers.CharField(
            max_length=field.max_length, allow_blank=not field.required, **options
        )
    return serializers.JSONField(**options)


class FormInputSerializer(serializers.Serializer):
    """The body of one API write, validated by `form_class` (keyword arguments for the form
    come from the context's `form_kwargs`). After `is_valid()`, `.form` is the valid form."""

    form_class: type[forms.Form]

    def get_fields(self):
        form = self.form_class(**self.context.get("form_kwargs", {}))
        return {name: _serializer_field(field) for name, field in form.fields.items()}

    def run_validation(self, data=serializers.empty):
        if not isinstance(data, Mapping):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Send et JSON-objekt med felterne.")]}
            )
        return super().run_validation(data)

    def to_internal_value(self, data):
        self.form = self.form_class(data=data, **self.context.get("form_kwargs", {}))
        if not self.form.is_valid():
            raise serializers.ValidationError(
                {
                    ("non_field_errors" if field == "__all__" else field): [
                        error["message"] for error in errors
                    ]
                    for field, errors in self.form.errors.get_json_data().items()
                }
            )
        return self.form.cleaned_data
