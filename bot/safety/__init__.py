"""Acute danger.

``detect`` says whether a message reports an acute danger (rules over normalised text:
``lexicon`` holds the word classes, ``rules`` the patterns, ``context`` the person and
informational checks, ``text`` the normalisation and typo repair). ``emergency`` builds the
emergency lines from the referral data; import it as ``bot.safety.emergency`` (it needs the
database, detection does not).
"""

from bot.safety.detect import DangerAssessment, DangerKind, assess_danger, normalise

__all__ = ["DangerAssessment", "DangerKind", "assess_danger", "normalise"]
