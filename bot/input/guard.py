"""Handling of bad input before NLU: cleaning, length cap and a verdict on unusable text.

``sanitize`` makes any text safe to process (no control characters, NFC, collapsed
whitespace, at most ``max_chars`` characters cut at a word boundary). ``classify_input``
names the problem with a raw message, or returns ``None`` for normal (German) text:
``empty``, ``too_long``, ``markup``, ``injection``, ``emoji_only``, ``language_ar``
(Arabic script dominant), ``language_tr`` and ``language_en`` (small stop-word and letter
heuristics that leave German with loanwords such as "Chat", "Online", "Hotline", "okay"
alone). ``strip_markup`` removes tags so the rest of a message can still be understood.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from bot.input.languages import language_of

MAX_MESSAGE_CHARS = 1000

InputIssueKind = Literal[
    "empty",
    "too_long",
    "emoji_only",
    "markup",
    "injection",
    "language_en",
    "language_tr",
    "language_ar",
]


@dataclass(frozen=True)
class InputIssue:
    """What is wrong with a message. ``detail`` names the rule (safe to log), never text."""

    kind: InputIssueKind
    detail: str = ""


_LANGUAGE_ISSUE: dict[str, InputIssueKind] = {
    "ar": "language_ar",
    "tr": "language_tr",
    "en": "language_en",
}
_KEEP_FORMAT = {"\u200d"}  # zero-width joiner inside emoji sequences
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_BLANKS = re.compile(r"[^\S\n]+")
_LINE_BREAKS = re.compile(r"\s*\n\s*")

_MARKUP = re.compile(
    r"</?[a-z][\w:-]*(?:\s[^<>]*)?/?>|<\s*(?:script|img|iframe|svg|object|embed|style|"
    r"body|link|meta|form|input|base|video|audio|math)\b|\bjavascript\s*:|\bvbscript\s*:|"
    r"\bdata\s*:\s*text/html|&lt;\s*/?\s*[a-z]+|\bon(?:error|load|click|dblclick|mouse\w+|"
    r"focus\w*|blur|change|submit|key\w+|input|toggle|begin|animation\w+|pointer\w+|touch\w+|"
    r"drag\w*|copy|cut|paste|wheel|scroll|resize|unload|message|show|play|pause)\s*=",
    re.IGNORECASE,
)
_INJECTION = re.compile(
    r"\b(?:drop|truncate)\s+(?:table|database|schema)\b|\bunion\s+(?:all\s+)?select\b|"
    r"\bselect\s+(?:\*|[\w,\s]+?)\s+from\s+\w+|\b(?:insert\s+into|delete\s+from)\s+\w+|"
    r"['\"]\s*;\s*(?:drop|delete|select|insert|update|shutdown|exec)\b|"
    r"['\"]\s*(?:or|and)\s+['\"]?\w+['\"]?\s*=\s*['\"]?\w+|\b(?:or|and)\s+(\d+)\s*=\s*\1\b|"
    r"['\"]\s*--\s*$|\w'--|\bxp_cmdshell\b|\b(?:pg_)?sleep\s*\(\s*\d+\s*\)|\bbenchmark\s*\(|"
    r"\bwaitfor\s+delay\b|\{\{.*?\}\}|\{%.*?%\}|\$\{[^}]*\}|#\{[^}]*\}|<%.*?%>|\$\([^)]*\)|"
    r";\s*(?:rm|cat|wget|curl|nc|bash|sh|chmod)\s+-?\w|(?:\.\./){2,}|/etc/passwd",
    re.IGNORECASE | re.DOTALL,
)
_EMOTICON = re.compile(r"(?:[:;=8][-o'^]?[)(\]\[DPpOo3/\\|*@]+|<3+|\^\^|[xX][dD]+|[)(]+[-o]?[:;=])")
_SCRIPT_BLOCK = re.compile(r"<\s*(script|style)\b[^>]*>.*?(?:<\s*/\s*\1\s*>|$)", re.I | re.S)
_TAG = re.compile(r"<\s*/?\s*[a-z!][^<>]*>|<\s*(?:script|img|iframe|svg)\b[^<>]*$", re.I)
_SCHEME = re.compile(r"\b(?:javascript|vbscript)\s*:\S*", re.I)


def _clean_char(ch: str) -> str:
    if ch in "\n\t" or ch in _KEEP_FORMAT:
        return ch
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Cs"):
        return ""
    return ch


def sanitize(text: str | None, max_chars: int = MAX_MESSAGE_CHARS) -> str:
    """Safe text for NLU: ``None`` -> ``""``, no control characters (newline and tab stay as
    whitespace), Unicode NFC, whitespace collapsed, at most ``max_chars`` characters (cut at
    the last word boundary)."""
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    if text is None:
        return ""
    text = _NEWLINES.sub("\n", str(text))
    text = unicodedata.normalize("NFC", "".join(map(_clean_char, text)))
    text = _LINE_BREAKS.sub("\n", _BLANKS.sub(" ", text)).strip()
    if len(text) > max_chars:
        cut = text[: max_chars + 1]
        boundary = max(cut.rfind(" "), cut.rfind("\n"))
        text = (cut[:boundary] if boundary > max_chars // 2 else cut[:max_chars]).rstrip()
    return text


def strip_markup(text: str) -> str:
    """Remove HTML/JS tags, script blocks and ``javascript:`` links; keep the words."""
    for _ in range(5):  # nested tricks like "<scr<script>ipt>"
        before = text
        text = html.unescape(text)
        text = _SCRIPT_BLOCK.sub(" ", text)
        text = _SCHEME.sub(" ", _TAG.sub(" ", text))
        if text == before:
            break
    return _BLANKS.sub(" ", text).strip()


def _is_emoji(ch: str) -> bool:
    code = ord(ch)
    return (
        0x1F000 <= code <= 0x1FAFF
        or 0x2600 <= code <= 0x27BF
        or 0x2B00 <= code <= 0x2BFF
        or 0x2190 <= code <= 0x21FF
        or code in (0x200D, 0xFE0F, 0xFE0E, 0x20E3, 0x3030, 0x303D, 0x3297, 0x3299, 0xA9, 0xAE)
        or 0xE0020 <= code <= 0xE007F  # tag characters in flag sequences
    )


def _emoji_only(text: str) -> bool:
    rest = _EMOTICON.sub(" ", text) if _EMOTICON.search(text) else text
    had_emoticon = rest != text
    chars = [ch for ch in rest if not ch.isspace()]
    pictos = [ch for ch in chars if _is_emoji(ch)]
    others = [ch for ch in chars if not _is_emoji(ch)]
    if others and any(ch.isalnum() for ch in others):
        return False
    return bool(pictos) or (had_emoticon and not others)


def classify_input(raw: str | None, max_chars: int = MAX_MESSAGE_CHARS) -> InputIssue | None:
    """The problem with a raw user message, or ``None`` for normal text."""
    if raw is None or not str(raw).strip():
        return InputIssue("empty", "blank")
    raw = str(raw)
    if len(raw) > max_chars:
        return InputIssue("too_long", f"over_{max_chars}")
    if _MARKUP.search(raw):
        return InputIssue("markup", "tag_or_script")
    if _INJECTION.search(raw):
        return InputIssue("injection", "sql_template_or_shell")
    if _emoji_only(raw):
        return InputIssue("emoji_only", "no_words")
    if not any(ch.isalnum() for ch in raw):
        return InputIssue("empty", "punctuation_only")
    language = language_of(raw)
    return InputIssue(_LANGUAGE_ISSUE[language], "heuristic") if language else None
