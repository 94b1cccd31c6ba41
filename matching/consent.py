"""The consent home care asks for before flagging a citizen: the text staff read out (or
hand over on paper), and its version. Each citizen keeps the version they agreed to
(`Citizen.consent_text_version`), so the municipality can show what was said to whom.

Changing what the text says means a new version here, and nowhere else.
"""

from django.utils.translation import gettext_lazy as _

CONSENT_TEXT_VERSION = "2026-11"

CONSENT_TEXT = _(
    "Hjemmeplejen registrerer dit fornavn, hvor du cirka bor, hvad du kan lide, og hvordan "
    "du har det med at være alene, for at finde en aktivitet tæt på dig. Siger du ja til et "
    "forslag, får foreningen bag aktiviteten dit fornavn og telefonnummer, så en "
    "koordinator kan ringe. Du kan altid sige nej igen: så slettes dine oplysninger med det "
    "samme."
)
