"""The mentors' own vocabulary: whose relative someone is, the kinds of illness, and the
ways a mentor and a relative meet (a bit set, like the weekly slots)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("ægtefælle eller partner")
    CHILD = "child", _("voksent barn")
    PARENT = "parent", _("forælder")


class Illness(models.TextChoices):
    DEMENTIA = "dementia", _("demens")
    STROKE = "stroke", _("apopleksi eller hjerneskade")
    CANCER = "cancer", _("kræft")
    LONG_TERM = "long_term", _("anden langvarig sygdom")


class Way(models.IntegerChoices):
    """Each way's value is its bit in a `ways` set."""

    WALK = 1, _("en gåtur")
    CAFE = 2, _("en kop kaffe på en café")
    PHONE = 4, _("telefon")
    VIDEO = 8, _("video")


ALL_WAYS = sum(way.value for way in Way)
# Ways of meeting in person: the only ones where the distance between homes matters.
IN_PERSON = Way.WALK | Way.CAFE
REMOTE = Way.PHONE | Way.VIDEO


def ways_of(mask: int) -> list[Way]:
    return [way for way in Way if mask & way.value]


def ways_text(mask: int) -> str:
    return ", ".join(str(way.label) for way in ways_of(mask))
