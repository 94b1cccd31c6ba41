"""Why coordinators decline: the free-text reasons sorted into a few categories.

Coordinators write the reason in their own words, so the categories come from a small
keyword map over the text (lower case, first matching category wins). A reason that
matches none counts as "other". Only the categories' counts ever leave this module.
"""

from django.utils.translation import gettext_lazy as _

OTHER = "other"

# (key, label, words that point to it). Order matters: the first match wins.
CATEGORIES = (
    ("full", _("Ingen ledig plads"), ("plads", "fuld", "optaget", "venteliste")),
    (
        "distance",
        _("For langt væk eller transport"),
        ("langt", "afstand", "transport", "kørsel", "bus", "kørestol"),
    ),
    ("time", _("Tidspunktet passer ikke"), ("tid", "dag", "aften", "morgen", "ferie")),
    ("health", _("Helbred"), ("syg", "helbred", "indlagt", "demens", "hospital")),
    (
        "declined_by_citizen",
        _("Borgeren ønsker ikke"),
        ("ønsker ikke", "vil ikke", "siger nej", "takkede nej", "ikke interesse"),
    ),
    (
        "fit",
        _("Passer ikke til aktiviteten"),
        ("passer ikke", "målgruppe", "for ung", "for gammel", "sprog"),
    ),
)
LABELS = {key: label for key, label, _words in CATEGORIES} | {OTHER: _("Anden årsag")}


def reason_category(reason: str) -> str:
    text = reason.lower()
    for key, _label, words in CATEGORIES:
        if any(word in text for word in words):
            return key
    return OTHER
