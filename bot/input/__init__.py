"""Input the NLU cannot use: ``guard`` cleans and caps a message and names what is wrong
with it (empty, too long, markup, injection, emoji only, another language); ``languages``
holds the small language heuristic. Before that, at the chat channels: ``envelope`` reads a
request into sender and text or names why it is malformed, ``payload`` decides what a
message in the shape of a button payload becomes."""

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
