"""The nationwide counselling hotline as recorded in the referral database (for answers that
name it with its current number and hours). The emergency answers themselves are responses
(data/responses/safety.yml) whose numbers ``make check-content`` checks against the records."""

from __future__ import annotations

from bot.referrals import Offer, lookup


def national_hotline() -> Offer | None:
    """The nationwide BAMF counselling hotline, as recorded in the database."""
    for offer in lookup(None, "relatives").central:
        if offer.kind == "hotline" and offer.phone:
            return offer
    return None
