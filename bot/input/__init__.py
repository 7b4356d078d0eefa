"""Input the NLU cannot use: ``guard`` cleans and caps a message and names what is wrong
with it (empty, too long, markup, injection, emoji only, another language); ``languages``
holds the small language heuristic."""

from bot.input.guard import (
    MAX_MESSAGE_CHARS,
    InputIssue,
    InputIssueKind,
    classify_input,
    sanitize,
    strip_markup,
)

__all__ = [
    "MAX_MESSAGE_CHARS",
    "InputIssue",
    "InputIssueKind",
    "classify_input",
    "sanitize",
    "strip_markup",
]
