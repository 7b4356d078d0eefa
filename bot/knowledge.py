"""Context-keeping follow-ups for the knowledge answers ("Informieren").

After a knowledge answer, users often ask a context-free follow-up such as "Und seit wann gibt
es die?" (intent ``followup_since_when``) or "Wer steckt dahinter?" (intent ``followup_who``).
The bot answers it from the topic of its previous answer: Rasa's ``intent_response_key`` of the
last retrieval answer, e.g. ``"imag/mitglieder"``.

``FOLLOWUPS`` maps a full response key or a retrieval-intent prefix to the response to utter for
each kind of follow-up. Lookup: the full key first; if it has no entry for the kind, the intent
prefix (the part before ``/``). A kind missing on both levels means there is no sourced answer,
and :func:`followup_response` returns ``None`` (the caller then asks the user to rephrase).

Where the previous answer already contains the date or the people behind an offer, the mapping
points back to that answer on purpose: it is the only sourced answer to the follow-up.

Every response name here exists in ``data/responses/knowledge.yml`` (checked by
``tests/unit/test_knowledge_content.py``). This module has no Rasa imports.
"""

from __future__ import annotations

import re
from typing import Final

SINCE_WHEN: Final = "since_when"
WHO: Final = "who"
KINDS: Final[frozenset[str]] = frozenset({SINCE_WHEN, WHO})

# NLU intent name -> follow-up kind
KIND_BY_INTENT: Final[dict[str, str]] = {
    "followup_since_when": SINCE_WHEN,
    "followup_who": WHO,
}

FOLLOWUPS: Final[dict[str, dict[str, str]]] = {
    # --- portal: who runs it; no founding date is sourced
    "portal": {WHO: "utter_portal/betreiber"},
    # --- IMAG
    "imag": {SINCE_WHEN: "utter_imag/seit_wann", WHO: "utter_imag/federfuehrung"},
    "imag/federfuehrung": {WHO: "utter_imag/mitglieder"},
    # --- network
    # The network is the one the Land set up through the IMAG (Vernetzung page).
    "netzwerk/vernetzung": {SINCE_WHEN: "utter_imag/seit_wann", WHO: "utter_imag/mitglieder"},
    "netzwerk/wissenschaft": {WHO: "utter_netzwerk/core_nrw"},
    "netzwerk/core_nrw": {SINCE_WHEN: "utter_netzwerk/core_nrw", WHO: "utter_netzwerk/core_nrw"},
    "netzwerk/ran": {
        SINCE_WHEN: "utter_netzwerk/ran_gruendung",
        WHO: "utter_netzwerk/ran_gruendung",
    },
    "netzwerk/ran_gruendung": {
        SINCE_WHEN: "utter_netzwerk/ran_gruendung",
        WHO: "utter_netzwerk/ran_gruendung",
    },
    "netzwerk/knix": {SINCE_WHEN: "utter_netzwerk/knix", WHO: "utter_netzwerk/knix"},
    "netzwerk/plan_p": {SINCE_WHEN: "utter_netzwerk/plan_p", WHO: "utter_netzwerk/plan_p"},
    # --- current topics: the guest of the podcast episode; no date is sourced
    "aktuelles": {WHO: "utter_aktuelles/gast_steinberg"},
    "aktuelles/ispk": {WHO: "utter_aktuelles/ispk"},
    # --- background knowledge
    "wissen/herkunft": {SINCE_WHEN: "utter_wissen/herkunft"},
    # "Und woher kommt das?" after what Salafism is: its roots and its start in NRW
    "wissen/salafismus": {SINCE_WHEN: "utter_wissen/herkunft"},
    "wissen/gewaltbereiter_salafismus": {SINCE_WHEN: "utter_wissen/herkunft"},
    "wissen/salafismus_islam": {SINCE_WHEN: "utter_wissen/herkunft"},
    "wissen/zahlen": {SINCE_WHEN: "utter_wissen/zahlen_entwicklung"},
    # --- offers
    "angebote/wegweiser": {
        SINCE_WHEN: "utter_angebote/wegweiser_seit_wann",
        WHO: "utter_angebote/wegweiser_traeger",
    },
    "angebote/wegweiser_seit_wann": {
        SINCE_WHEN: "utter_angebote/wegweiser_seit_wann",
        WHO: "utter_angebote/wegweiser_traeger",
    },
    "angebote/wegweiser_traeger": {
        SINCE_WHEN: "utter_angebote/wegweiser_seit_wann",
        WHO: "utter_angebote/wegweiser_traeger",
    },
    "angebote/wegweiser_chat": {
        SINCE_WHEN: "utter_angebote/wegweiser_chat",
        WHO: "utter_angebote/wegweiser_traeger",
    },
    "angebote/aussteigerprogramm": {
        SINCE_WHEN: "utter_angebote/aussteigerprogramm",
        WHO: "utter_angebote/aussteigerprogramm",
    },
    "angebote/bamf_hotline": {
        SINCE_WHEN: "utter_angebote/bamf_hotline",
        WHO: "utter_angebote/bamf_hotline",
    },
    "angebote/schule": {SINCE_WHEN: "utter_angebote/schule", WHO: "utter_angebote/schule"},
    "angebote/clearingverfahren": {
        SINCE_WHEN: "utter_angebote/clearingverfahren",
        WHO: "utter_angebote/clearingverfahren",
    },
}


# "Und wer bezahlt das?" right after a referral asks what the counselling costs; right after a
# knowledge answer about an offer it asks who finances the offer (its WHO follow-up).
COST_ANSWER: Final = "utter_vertrauen/kosten"
_ASKS_COST = re.compile(
    r"\b(?:bezahlt|bezahlen|zahlt|zahlen|kostet|kosten|geld|geb(?:ü|ue)hr\w*)\b", re.IGNORECASE
)


def asks_about_cost(text: str | None) -> bool:
    return bool(text and _ASKS_COST.search(text))


def _normalise_key(key: str) -> str:
    key = key.strip().lower()
    if key.startswith("utter_"):
        key = key[len("utter_") :]
    return key


def followup_response(previous_response_key: str | None, kind: str) -> str | None:
    """Return the response name that answers a follow-up, or ``None``.

    ``previous_response_key`` is the ``intent_response_key`` of the previous knowledge answer
    (``"imag/mitglieder"``; a leading ``utter_`` is tolerated). ``kind`` is ``"since_when"`` or
    ``"who"`` (or the NLU intent names ``followup_since_when`` / ``followup_who``).
    The full key wins over its intent prefix.
    """
    if not previous_response_key:
        return None
    kind = KIND_BY_INTENT.get(kind, kind)
    if kind not in KINDS:
        return None
    key = _normalise_key(previous_response_key)
    if not key:
        return None
    prefix = key.split("/", 1)[0]
    for candidate in (key, prefix):
        answer = FOLLOWUPS.get(candidate, {}).get(kind)
        if answer:
            return answer
    return None


def answer_key(metadata: dict | None) -> str | None:
    """The response key of a knowledge answer (``"imag/mitglieder"``) from the metadata of a
    bot event, where Rasa keeps the response name (``utter_action``); None for other
    messages."""
    utter_action = (metadata or {}).get("utter_action") or ""
    if isinstance(utter_action, str) and utter_action.startswith("utter_") and "/" in utter_action:
        return utter_action.removeprefix("utter_")
    return None
