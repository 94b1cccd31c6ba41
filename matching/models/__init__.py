"""Citizens flagged by home care, their loneliness screenings, their matches with
activities (with a status history), self-referrals and the audit log of citizen records.

Citizens, screenings and matches are addressed by UUID primary keys: their URLs must not
reveal how many there are or let anyone walk through them.
"""

from .audit import AuditEvent, AuditEventQuerySet
from .citizens import Citizen, Screening, WaitingReason
from .matches import Match, MatchQuerySet, MatchStatusChange
from .selfreferrals import SelfReferral

__all__ = [
    "AuditEvent",
    "AuditEventQuerySet",
    "Citizen",
    "Match",
    "MatchQuerySet",
    "MatchStatusChange",
    "Screening",
    "SelfReferral",
    "WaitingReason",
]
