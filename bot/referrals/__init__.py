"""Referrals: which counselling offers to name for a place and a situation.

``situation`` reads the user's situation (audience) from free text; ``rules`` decides which
offers are shown (phone rule, ranking, central ways in); ``queries`` runs those rules against
the database and falls back to ``fallback`` (a static copy) when it cannot; ``messages``
turns a result into what the referral actions say.
"""

from bot.referrals.fallback import fallback_result
from bot.referrals.messages import format_offer, place_slots, referral_messages
from bot.referrals.queries import emergency_contacts, find_offers, lookup, lookup_emergency_contacts
from bot.referrals.rules import Offer, ReferralResult
from bot.referrals.situation import detect_audience

__all__ = [
    "Offer",
    "ReferralResult",
    "detect_audience",
    "emergency_contacts",
    "fallback_result",
    "find_offers",
    "format_offer",
    "lookup",
    "lookup_emergency_contacts",
    "place_slots",
    "referral_messages",
]
