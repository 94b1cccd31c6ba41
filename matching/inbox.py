"""How much of a citizen a coordinator sees in the inbox (contact details only once the
match holds a seat), and the audit of what the inbox showed. The inbox's reads are
`matching.selectors.inbox`; marking a self-referral handled is `matching.selfreferrals`."""

from dataclasses import dataclass

from meetingplaces.vocabulary import interest_labels

from .audit import record_citizen_access
from .models import AuditEvent, Citizen, Match


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


def citizen_card(match: Match) -> CitizenCard:
    citizen: Citizen = match.citizen
    return CitizenCard(
        id=citizen.pk,
        name=citizen.first_name,
        postcode=citizen.postcode,
        mobility=citizen.get_mobility_display(),
        companion_needed=citizen.companion_needed,
        interests=interest_labels(citizen.interests),
        phone=(citizen.phone or "") if match.holds_seat else None,
    )


def record_reads(*, user, matches, view: str) -> None:
    """Audit that the user saw these matches' citizens (one row per citizen)."""
    citizen_ids = sorted({m.citizen_id for m in matches}, key=str)
    record_citizen_access(
        user=user, citizen_ids=citizen_ids, action=AuditEvent.Action.READ, view=view
    )


def record_referral_reads(*, user, referrals, view: str) -> None:
    """Self-referrals hold a person's name and contact: their reads are audited too, under
    the referral's id."""
    record_citizen_access(
        user=user,
        citizen_ids=[r.pk for r in referrals],
        action=AuditEvent.Action.READ,
        view=view,
        detail="self-referral",
    )
