"""Opening hours: ``parse`` reads the ``hours`` text of a referral record into weekly slots,
``status`` says whether an offer answers at a given moment and when it opens next, ``words``
says it in German."""

from bot.hours.parse import HoursFormatError, Slot, WeeklyHours, hours_json, parse_hours
from bot.hours.status import BERLIN, Availability, availability, holiday_name, local_now
from bot.hours.words import describe_availability

__all__ = [
    "BERLIN",
    "Availability",
    "HoursFormatError",
    "Slot",
    "WeeklyHours",
    "availability",
    "describe_availability",
    "holiday_name",
    "hours_json",
    "local_now",
    "parse_hours",
]
