"""Generated hostile input straight through the actions: never an exception, never silence."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionNluFallback
from actions.input import ActionHandleBadInput
from actions.knowledge import ActionAnswerFollowup
from actions.referrals import ActionAskPlace, ValidateReferralForm
from tests.actions.conftest import make_tracker

hostile = st.one_of(
    st.text(max_size=400),
    st.sampled_from(
        [
            "",
            "<script>alert(1)</script>",
            "'; DROP TABLE offers; --",
            "{{7*7}}",
            "\x00\x1b[31m",
            "😀" * 30,
            "Mülheim" * 200,
            "in in in in in",
        ]
    ),
    st.text(min_size=2000, max_size=6000),
)
intents = st.sampled_from(
    ["inform_place", "ask_referral", "express_worry", "nlu_fallback", "emergency", "bad_input"]
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile, intent=intents, requested=st.sampled_from([None, "place", "audience"]))
def test_actions_survive_hostile_text(text: str, intent: str, requested: str | None) -> None:
    form = ValidateReferralForm()
    tracker = make_tracker(text, intent=intent, slots={"requested_slot": requested})
    dispatcher = CollectingDispatcher()
    extracted = asyncio.run(form.extract_place(dispatcher, tracker, {}))
    if extracted:
        slots = asyncio.run(form.validate_place(extracted["place"], dispatcher, tracker, {}))
        assert set(slots) == {"place", "place_kreis_key", "place_problem"}
        asyncio.run(ActionAskPlace().run(dispatcher, make_tracker(slots=slots), {}))
    asyncio.run(form.extract_audience(dispatcher, tracker, {}))
    for action in (ActionHandleBadInput(), ActionAnswerFollowup(), ActionNluFallback()):
        before = len(dispatcher.messages)
        asyncio.run(action.run(dispatcher, tracker, {}))
        assert len(dispatcher.messages) > before or action.name() == "action_nlu_fallback"
