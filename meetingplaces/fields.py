"""Model fields for the bit sets of vocabulary.py, edited as checkboxes in forms and admin."""

from django import forms
from django.db import models

from . import vocabulary


class BitSetFormField(forms.TypedMultipleChoiceField):
    """Checkboxes in, one integer out: each choice's key is its bit position."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, labels, **kwargs):
        kwargs.pop("max_value", None)
        kwargs.pop("min_value", None)
        kwargs.pop("step_size", None)
        kwargs["choices"] = [(str(i), label) for i, label in enumerate(labels)]
        kwargs["coerce"] = int
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return [str(i) for i in range(len(self.choices)) if value >> i & 1]
        return value

    def clean(self, value):
        bits = super().clean(value)
        return sum(1 << bit for bit in set(bits))

    def has_changed(self, initial, data):
        return self.prepare_value(initial or 0) != [str(v) for v in (data or [])]


class BitSetField(models.PositiveBigIntegerField):
    labels: tuple = ()

    def formfield(self, **kwargs):
        return BitSetFormField(
            labels=self.labels,
            label=self.verbose_name,
            help_text=self.help_text,
            required=not self.blank,
        )


class InterestsField(BitSetField):
    """A set of interests from the shared vocabulary."""

    labels = tuple(label for _slug, label in vocabulary.INTERESTS)


class WeeklySlotsField(BitSetField):
    """A set of (weekday, part of day) slots in a week."""

    labels = tuple(label for _key, label in vocabulary.slot_choices())
