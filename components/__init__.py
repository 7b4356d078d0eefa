"""Lotse's Rasa graph components, tracker store and lock store.

Importing the package applies the speed fixes of ``components.rasa_patches`` in every Rasa
process that loads one of these (the tracker store in endpoints.yml always does).
"""

from components.rasa_patches import apply as _apply_rasa_patches

_apply_rasa_patches()
