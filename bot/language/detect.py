"""Which language a message is written in, for answering relatives in their language.

``detect_language(text, current)`` returns the language the conversation should continue in:
German (``de``), English (``en``), Turkish (``tr``), Arabic (``ar``), Russian (``ru``) or
Ukrainian (``uk``). Short or ambiguous messages keep ``current`` ("Hallo", "ok", "Köln",
"44787" say nothing about the language), so the conversation only switches on a confident
detection or an explicit request ("auf Deutsch bitte", "can we speak English?").

How: the script decides first (Arabic letters -> ``ar``; Cyrillic -> Russian or Ukrainian,
with the letters і ї є ґ as proof of Ukrainian); Latin text is scored by lingua (offline
n-gram models inside the wheel, restricted to de/en/tr); messages of up to three words,
where n-gram scores are unreliable ("Hallo" scores as English), switch only on words German
chat users do not write (``bot/data/language/markers.yml``) or on the letters ğ ş ı İ. A
sentence with more German function words than foreign ones stays German.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import yaml

from bot.settings import PROJECT_ROOT

LanguageCode = Literal["de", "en", "tr", "ar", "ru", "uk"]
SUPPORTED: tuple[LanguageCode, ...] = ("de", "en", "tr", "ar", "ru", "uk")

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_LETTERS = re.compile(r"[ыэъЫЭЪё]")
_TURKISH_LETTERS = re.compile(r"[ğşıİĞŞ]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Explicit requests to switch, checked before anything else.
_REQUESTS: tuple[tuple[LanguageCode, re.Pattern[str]], ...] = (
    (
        "de",
        re.compile(
            r"\b(?:auf|in) deutsch\b|\bdeutsch(?:,)? bitte\b|\bin german\b|"
            r"\bspeak german\b|\balmanca\b|\bпо-немецки\b|\bнімецькою\b|"
            r"بالألمانية|الألماني",
            re.I,
        ),
    ),
    (
        "en",
        re.compile(
            r"\b(?:auf|in) englisch\b|\bin english\b|\bspeak english\b|"
            r"\benglish(?:,)? please\b|\bingilizce\b|\bпо-английски\b|"
            r"\bанглійською\b|بالإنجليزية|بالانجليزي",
            re.I,
        ),
    ),
    ("tr", re.compile(r"\b(?:auf|in) türkisch\b|\bin turkish\b|\btürkçe\b|\bturkce\b", re.I)),
    ("ar", re.compile(r"\b(?:auf|in) arabisch\b|\bin arabic\b|بالعربي|العربية", re.I)),
    (
        "ru",
        re.compile(
            r"\b(?:auf|in) russisch\b|\bin russian\b|\bпо-русски\b|"
            r"\bна русском\b|\bрусский\b",
            re.I,
        ),
    ),
    (
        "uk",
        re.compile(
            r"\b(?:auf|in) ukrainisch\b|\bin ukrainian\b|\bукраїнською\b|"
            r"\bпо-українськи\b|\bукраїнська\b",
            re.I,
        ),
    ),
)


@dataclass(frozen=True)
class LanguageVerdict:
    """``language`` to continue in; ``switched`` when it differs from the current one."""

    language: LanguageCode
    confident: bool
    explicit: bool = False


@lru_cache(maxsize=1)
def _latin_detector():  # type: ignore[no-untyped-def]
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.GERMAN, Language.ENGLISH, Language.TURKISH
    ).build()


@lru_cache(maxsize=1)
def _cyrillic_detector():  # type: ignore[no-untyped-def]
    from lingua import Language, LanguageDetectorBuilder

    # Low accuracy mode (trigrams only): 13 instead of 45 MB in every Rasa process, and the
    # letters that only one of the two alphabets has decide most messages before it is asked
    # (the blind detection set: ru and uk 100 % either way).
    return (
        LanguageDetectorBuilder.from_languages(Language.RUSSIAN, Language.UKRAINIAN)
        .with_low_accuracy_mode()
        .build()
    )


_ISO = {"GERMAN": "de", "ENGLISH": "en", "TURKISH": "tr", "RUSSIAN": "ru", "UKRAINIAN": "uk"}


def _scores(detector, text: str) -> list[tuple[str, float]]:  # type: ignore[no-untyped-def]
    return [
        (_ISO[v.language.name], v.value) for v in detector.compute_language_confidence_values(text)
    ]


_WORDS_FILE = PROJECT_ROOT / "bot" / "data" / "language" / "markers.yml"
_WORDS = yaml.safe_load(_WORDS_FILE.read_text("utf-8"))
_DE = frozenset(_WORDS["german"].split())
_MARKERS: dict[str, frozenset[str]] = {
    code: frozenset(words.split()) for code, words in _WORDS["markers"].items()
}
_UKRAINIAN_WORDS = frozenset(_WORDS["ukrainian"].split())
_BORROWED = frozenset(_WORDS["borrowed"].split())
# A first message of two or three words that are neither German nor borrowed ("acil durum",
# "Good evening", "selefilik nedir") switches when lingua is this sure; later in a
# conversation such a message keeps the language ("sağ ol kardeş" in a German chat).
OPENING_MIN_SCORE = 0.9
# One word opens a switch only when it is long enough for its letters to tell and lingua is
# surer still ("confidential?"); "hi", "ok", "bro" tell nothing, "Streetworker" is German chat.
OPENING_MIN_LETTERS = 9
OPENING_ONE_WORD_MIN_SCORE = 0.95


# A longer message asks to switch only in a frame addressed to the chat: "can we speak
# German?", "let's continue in English", "Almanca konuşabilir miyiz?", "давайте по-немецки".
# "My mum doesn't speak German, could the counsellor speak Arabic?" is no such frame.
_LANGUAGE_WORDS: dict[LanguageCode, str] = {
    "de": r"deutsch\w*|german|almanca\w*|almanca|alman|немецк\w*|по-немецки|німецьк\w*|"
    r"по-німецьки|الألمانية|الالمانية|ألماني|الماني|بالألماني|بالالماني",
    "en": r"englisch\w*|english|ingilizce\w*|английск\w*|по-английски|англійськ\w*|"
    r"الإنجليزية|الانجليزية|انجليزي|بالانجليزي|بالإنجليزي",
    "tr": r"türkisch\w*|turkish|türkçe\w*|turkce\w*|турецк\w*|по-турецки|турецьк\w*|التركية|تركي",
    "ar": r"arabisch\w*|arabic|arapça\w*|arapca\w*|арабск\w*|по-арабски|арабськ\w*|العربية|"
    r"عربي|بالعربي",
    "ru": r"russisch\w*|russian|rusça\w*|rusca\w*|русск\w*|по-русски|російськ\w*|الروسية|روسي",
    "uk": r"ukrainisch\w*|ukrainian|ukraynaca\w*|украинск\w*|по-украински|українськ\w*|"
    r"по-українськи|الأوكرانية|أوكراني",
}
# A frame that ends in a verb of speaking addressed to the chat, then (after "in", "auf",
# "на") the language word right away: "can we speak German", "lass uns auf Deutsch",
# "ممكن نحكي بالألماني", "давайте лучше по-немецки". "Could we get a counsellor who speaks
# Arabic?" and "можно найти консультанта, который говорит по-арабски" are no such frame.
_ASK_BEFORE = (
    r"\b(?:(?:can|could|may|shall) we (?:please )?|let'?s |let us )(?:speak|talk|chat|write|"
    r"continue|switch(?: to)?|carry on|go on)|\b(?:please )?(?:answer|reply|write|talk) (?:to )?me|"
    r"\bi(?:'d| would) (?:rather|prefer to) (?:speak|talk|chat|write)|"
    r"\b(?:können|koennen|könnten|koennten|dürfen|duerfen) wir(?: bitte| auch| einfach| jetzt|"
    r" lieber)*|\blass(?:t)? uns(?: bitte| einfach| jetzt| lieber)*|"
    r"\b(?:antworte|antworten sie|schreib|schreiben sie)(?: mir)?(?: bitte)?|"
    r"\b(?:ich|wir) (?:schreibe|schreiben|rede|reden|spreche|sprechen) lieber|"
    r"(?:ممكن|نقدر|خلينا|خلّينا|بدي|بدنا|أريد أن|اريد ان)\s*(?:نحكي|نتكلم|نتحدث|نكتب|نكمل|"
    r"تحكي|تتكلم|تكتب|ترد)|"
    r"\b(?:давайте|давай|можем|можно|лучше)(?: лучше| мы| бы| пожалуйста)*(?: (?:говорить|"
    r"писать|общаться|продолжим|продолжить|переписываться|перейдём|перейдем|перейти))?|"
    r"\b(?:давайте|давай|можемо|можна|краще)(?: краще| ми| б| будь ласка)*(?: (?:говорити|"
    r"писати|спілкуватися|продовжимо|продовжити|перейдемо|перейти))?"
)
_ASK_AFTER = (
    r"konuşal[ıi]m|konusal[ıi]m|yazal[ıi]m|devam edel[ıi]m|konuşabilir miyiz|konusabilir miyiz|"
    r"yazabilir miyiz|konuşur musun|konusur musun|yazar m[ıi]s[ıi]n|cevap ver\w*"
)
_CONVERSATIONAL_REQUESTS: tuple[tuple[LanguageCode, re.Pattern[str]], ...] = tuple(
    (
        code,
        re.compile(
            rf"(?:{_ASK_BEFORE})\s+(?:(?:in|auf|на)\s+)?(?:{words})(?!\w)|"
            rf"(?<!\w)(?:{words})(?!\w)\s+(?:{_ASK_AFTER})",
            re.I,
        ),
    )
    for code, words in _LANGUAGE_WORDS.items()
)
SHORT_REQUEST_WORDS = 6
LONG_REQUEST_WORDS = 25


def conversational_request(text: str) -> LanguageCode | None:
    """The language a longer message asks the chat to continue in, in a request frame."""
    found = [code for code, pattern in _CONVERSATIONAL_REQUESTS if pattern.search(text)]
    return found[-1] if len(set(found)) == 1 else None


def requested_language(text: str) -> LanguageCode | None:
    """The language a message explicitly asks for ("auf Deutsch bitte", "can we speak
    German?"), if any.

    Long messages that merely mention a language ("my mum doesn't speak German, could the
    counsellor speak Arabic?") are not a request to switch the chat.
    """
    words = len(_WORD.findall(text))
    if words > SHORT_REQUEST_WORDS:
        return conversational_request(text) if words <= LONG_REQUEST_WORDS else None
    for code, pattern in _REQUESTS:
        if pattern.search(text):
            return code
    return None


def _cyrillic_language(text: str, current: LanguageCode) -> LanguageVerdict:
    if _UKRAINIAN_LETTERS.search(text) and not _RUSSIAN_LETTERS.search(text):
        return LanguageVerdict("uk", confident=True)
    if _RUSSIAN_LETTERS.search(text) and not _UKRAINIAN_LETTERS.search(text):
        return LanguageVerdict("ru", confident=True)
    if any(w in _UKRAINIAN_WORDS for w in _WORD.findall(text.lower())):
        return LanguageVerdict("uk", confident=True)
    best, score = _scores(_cyrillic_detector(), text)[0]
    if current in ("ru", "uk") and score < 0.75:
        return LanguageVerdict(current, confident=False)
    return LanguageVerdict(best, confident=score >= 0.75)  # type: ignore[arg-type]


def _latin_language(text: str, current: LanguageCode, opening: bool) -> LanguageVerdict:
    words = [w.lower() for w in _WORD.findall(text.replace("’", "'"))]
    german = sum(w in _DE for w in words)
    marked = {code: sum(w in vocab for w in words) for code, vocab in _MARKERS.items()}
    lead = max(marked, key=marked.__getitem__)
    if _TURKISH_LETTERS.search(text) and marked["en"] <= german:
        lead, marked["tr"] = "tr", marked["tr"] + 1
    short = len(words) <= 3
    by_words = marked[lead] > german and (marked[lead] >= 2 or (short and marked[lead] > 0))
    if short:
        if by_words:
            return LanguageVerdict(lead, confident=True)
        if (
            opening
            and not any(w in _DE or w in _BORROWED for w in words)
            and (len(words) >= 2 or len(words[0]) >= OPENING_MIN_LETTERS if words else False)
        ):
            best, score = _scores(_latin_detector(), text)[0]
            needed = OPENING_MIN_SCORE if len(words) >= 2 else OPENING_ONE_WORD_MIN_SCORE
            if best != "de" and score >= needed:
                return LanguageVerdict(best, confident=True)  # type: ignore[arg-type]
        return LanguageVerdict(current, confident=False)
    if german == 0 and marked[lead] >= 2 and marked[lead] > sum(marked.values()) - marked[lead]:
        # Foreign function words and not one German: the German nouns in it are borrowed
        # ("Does the Verfassungsschutz get informed ...", "bana en yakin Beratungsstelle
        # nerde"); their long letter runs would outvote the sentence in the n-gram model.
        return LanguageVerdict(lead, confident=True)
    best, score = _scores(_latin_detector(), text)[0]
    if best != "de" and german >= 2 and german >= marked.get(best, 0):
        # German sentence with foreign names or loanwords ("Was ist das Radicalisation
        # Awareness Network?"): German function words outweigh the other language's.
        return LanguageVerdict(current, confident=current == "de")
    if score >= 0.6:
        return LanguageVerdict(best, confident=True)  # type: ignore[arg-type]
    if by_words:
        return LanguageVerdict(lead, confident=True)
    return LanguageVerdict(current, confident=False)


def detect_language(
    text: str, current: LanguageCode = "de", opening: bool = False
) -> LanguageVerdict:
    """The language to continue the conversation in after ``text`` (``opening``: it is the
    conversation's first message, so there is no language to keep yet)."""
    requested = requested_language(text)
    if requested:
        return LanguageVerdict(requested, confident=True, explicit=True)
    letters = sum(ch.isalpha() for ch in text)
    if not letters:
        return LanguageVerdict(current, confident=False)
    arabic, cyrillic = len(_ARABIC.findall(text)), len(_CYRILLIC.findall(text))
    if arabic >= 2 and arabic * 3 >= letters:
        return LanguageVerdict("ar", confident=True)
    if cyrillic >= 2 and cyrillic * 3 >= letters:
        return _cyrillic_language(text, current)
    return _latin_language(text, current, opening)
