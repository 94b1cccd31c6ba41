"""How much of a citizen a coordinator sees in the inbox (contact details only once the
match holds a seat). The inbox's reads are `matching.selectors.inbox` (audited by the
interfaces through `matching.access`); marking a self-referral handled is
`matching.selfreferrals`."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from meetingplaces.vocabulary import interest_labels

from .models import Citizen, Match
from .selectors.inbox import (  # noqa: F401  (the inbox's reads, by their old address)
    FollowUp,
    follow_ups_due,
    matches_of,
    ongoing_of,
    proposals_of,
    self_referrals_of,
)
from .selfreferrals import mark_referral_handled  # noqa: F401


@dataclass(frozen=True)
class CitizenCard:
    """The part of a citizen a coordinator sees: contact details only once accepted."""

    id: object
    name: str
    postcode: str
    mobility: str
    companion_needed: bool
    interests: list[str]
    phone: str | None
    # Whom the number reaches, and the relative's name: None, like the phone, until accepted.
    phone_holder: str | None
    relative_name: str | None

    @property
    def call_whom(self) -> str:
        if self.phone_holder == Citizen.PhoneHolder.RELATIVE:
            return _("Pårørende: %(name)s") % {"name": self.relative_name}
        if self.phone_holder == Citizen.PhoneHolder.CITIZEN:
            return str(Citizen.PhoneHolder.CITIZEN.label)
        return ""


def citizen_card(match: Match) -> CitizenCard:
    citizen: Citizen = match.citizen
    shown = match.holds_seat
    return CitizenCard(
        id=citizen.pk,
        name=citizen.first_name,
        postcode=citizen.postcode,
        mobility=citizen.get_mobility_display(),
        companion_needed=citizen.companion_needed,
        interests=interest_labels(citizen.interests),
        phone=(citizen.phone or "") if shown else None,
        phone_holder=(citizen.phone_holder if citizen.phone else "") if shown else None,
        relative_name=(citizen.relative_name or "") if shown else None,
    )
