"""Our vocabulary (interests and activity categories) as published taxonomies, with ids
that other systems can keep.

Each id is a UUID 5 of a fixed namespace and the word's code, so it is the same on every
installation and never changes while the code does not (vocabulary.py never renames one).
"""

import uuid
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext_lazy as _

from . import vocabulary

# Fixed for good: changing it would change every published id.
NAMESPACE = uuid.UUID("ad4f5397-c4d6-419d-9637-668a22b1d8e7")
VERSION = "1"


@dataclass(frozen=True)
class Taxonomy:
    code: str
    name: str
    description: str

    @property
    def id(self) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, self.code)


@dataclass(frozen=True)
class Term:
    taxonomy: Taxonomy
    code: str
    label: str

    @property
    def id(self) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"{self.taxonomy.code}/{self.code}")


INTERESTS = Taxonomy(
    "samvaer-interests",
    _("Samvær: interesser"),
    _("Interesser, som aktiviteter tilbyder og borgere ønsker (kaffe, kortspil, sang ...)."),
)
CATEGORIES = Taxonomy(
    "samvaer-categories",
    _("Samvær: aktivitetstyper"),
    _("Aktiviteternes slags (fællesskab, værksted, motion ...)."),
)
TAXONOMIES = (INTERESTS, CATEGORIES)


def terms() -> list[Term]:
    return [
        *(Term(INTERESTS, slug, str(label)) for slug, label in vocabulary.INTERESTS),
        *(Term(CATEGORIES, value, str(label)) for value, label in vocabulary.Category.choices),
    ]


@cache
def _by_id() -> dict[uuid.UUID, tuple[Taxonomy, str]]:
    return {term.id: (term.taxonomy, term.code) for term in terms()}


def term_code(term_id: uuid.UUID) -> tuple[Taxonomy, str] | None:
    """The taxonomy and code of a published term id, or None for an unknown id."""
    return _by_id().get(term_id)


def taxonomy(taxonomy_id: uuid.UUID) -> Taxonomy | None:
    return next((t for t in TAXONOMIES if t.id == taxonomy_id), None)


def activity_terms(*, category: str, interests: int) -> list[Term]:
    """The terms an activity is tagged with: its category and its interests."""
    labels = dict(vocabulary.Category.choices)
    return [
        Term(CATEGORIES, category, str(labels.get(category, category))),
        *(
            Term(INTERESTS, slug, str(vocabulary.INTEREST_LABELS[slug]))
            for slug in vocabulary.mask_to_interests(interests)
        ),
    ]
