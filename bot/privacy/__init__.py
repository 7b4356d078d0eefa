"""Privacy: personal data never reaches the conversation store.

``redact`` replaces phone numbers, e-mail addresses, IBANs, addresses, birth dates and names
in free text and in Rasa event dicts (``patterns`` and ``names`` hold what it looks for).
``conversations`` deletes and purges stored conversations; import it as
``bot.privacy.conversations`` (it needs SQLAlchemy, redaction does not).
"""

from bot.privacy.redact import PLACEHOLDERS, contains_personal_data, redact, redact_obj

__all__ = ["PLACEHOLDERS", "contains_personal_data", "redact", "redact_obj"]
