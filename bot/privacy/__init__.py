"""Privacy: personal data never reaches the conversation store.

``redact`` replaces phone numbers, e-mail addresses, IBANs, addresses, birth dates and names
in free text (``patterns`` and ``names`` hold what it looks for), ``events`` in Rasa event
dicts.
``conversations`` deletes and purges stored conversations; import it as
``bot.privacy.conversations`` (it needs SQLAlchemy, redaction does not).
"""

from bot.privacy.events import redact_obj
from bot.privacy.redact import PLACEHOLDERS, contains_personal_data, redact

__all__ = ["PLACEHOLDERS", "contains_personal_data", "redact", "redact_obj"]
