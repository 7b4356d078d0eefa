"""Lotse's Rasa graph components, tracker store and lock store.

Importing the package applies, in every Rasa process that loads one of these (the tracker
store in endpoints.yml always does), the speed fixes of ``components.rasa_patches`` and the
answer for a failed custom action of ``components.action_failure``.
"""

from components.action_failure import apply as _answer_failed_actions
from components.rasa_patches import apply as _apply_rasa_patches

_apply_rasa_patches()
_answer_failed_actions()
