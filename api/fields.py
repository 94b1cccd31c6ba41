"""Serializer fields for the bit sets the models keep: interests and weekly time slots, as
lists in JSON (read and written the same way by every endpoint)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetingplaces.vocabulary import (
    ALL_INTERESTS,
    ALL_SLOTS,
    INTEREST_SLUGS,
    interests_to_mask,
    mask_to_interests,
    mask_to_slots,
    slots_to_mask,
)


@extend_schema_field({"type": "array", "items": {"type": "string", "enum": list(INTEREST_SLUGS)}})
class InterestsList(serializers.Field):
    """Interests as a list of slugs (vocabulary.INTEREST_SLUGS) instead of a bit set."""

    def to_representation(self, value):
        return mask_to_interests(value)

    def to_internal_value(self, data):
        try:
            mask = interests_to_mask(data)
        except (TypeError, ValueError) as error:
            raise serializers.ValidationError(_("Ukendt interesse.")) from error
        return mask & ALL_INTERESTS


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
    }
)
class SlotsList(serializers.Field):
    """Weekly availability as [[weekday 0-6, part of day 0-2], ...]."""

    def to_representation(self, value):
        return [list(slot) for slot in mask_to_slots(value)]

    def to_internal_value(self, data):
        try:
            slots = [(int(day), int(part)) for day, part in data]
        except (TypeError, ValueError) as error:
            raise serializers.ValidationError(_("Tider skrives som [ugedag, dagsdel].")) from error
        if any(not (0 <= day <= 6 and 0 <= part <= 2) for day, part in slots):
            raise serializers.ValidationError(_("Ugedag 0-6 og dagsdel 0-2."))
        return slots_to_mask(slots) & ALL_SLOTS
