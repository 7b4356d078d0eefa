"""bot/text: the one spelling fold and the one phone-number pattern, and who uses them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.geo.index import load_index
from bot.load.checks import phone_problem
from bot.privacy import redact
from bot.privacy.patterns import SERVICE_NUMBERS
from bot.safety import normalise
from bot.text.folding import fold, fold_key
from bot.text.phones import digits, find_phone_numbers

REPO = Path(__file__).resolve().parents[2]
CODE = [
    path
    for folder in ("bot", "actions", "components", "scripts", "web")
    for path in (REPO / folder).rglob("*.py")
]


def test_fold_lower_cases_and_spells_umlauts_out() -> None:
    assert fold("Köln-Mülheim") == "koeln-muelheim"
    assert fold("STRAẞE Größe") == "strasse groesse"
    assert fold("Mönchengladbach", plain_umlauts=True) == "monchengladbach"
    assert fold("Mu\u0308nster") == "muenster"  # a decomposed umlaut folds the same


def test_fold_key_keeps_letters_and_digits_only() -> None:
    assert fold_key("Köln-Mülheim") == "koeln muelheim"
    assert fold_key("  M'gladbach ") == "m gladbach"
    assert fold_key("Café São Paulo, 45127!") == "cafe sao paulo 45127"
    assert fold_key("Düren", plain_umlauts=True) == "duren"


def test_the_users_of_folding_share_the_one_fold() -> None:
    assert normalise("Er plant einen ANSCHLAG in Köln!") == "er plant einen anschlag in koeln"
    index = load_index()
    assert "koeln" in index.keys and "koln" in index.keys  # both spellings find Köln


def test_no_module_has_an_umlaut_fold_of_its_own() -> None:
    own = re.compile(r"""["']ä["']\s*:\s*["']a""")
    copies = [
        str(path.relative_to(REPO))
        for path in CODE
        if own.search(path.read_text("utf-8")) and path != REPO / "bot/text/folding.py"
    ]
    assert copies == []


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Hotline 0911 943 43 43, am 16.02.2016, 2.600 Personen", ["09119434343"]),
        ("Ruf an: 0 25 41 / 88 80 111 oder +49 (0)211 123456.", ["025418880111", "490211123456"]),
        ("Stand 01.02.2024, Notruf 110, Jahr 2016, Raum 0815", []),
        ("(Tel. 0201 52 32 58 90)", ["020152325890"]),
    ],
)
def test_find_phone_numbers(text: str, numbers: list[str]) -> None:
    found = find_phone_numbers(text)
    assert [digits(number.text) for number in found] == numbers
    assert all(
        text[n.start : n.end] == n.text and n.text.count(")") <= n.text.count("(") for n in found
    )


def test_redaction_and_the_loader_agree_with_the_pattern(shipped_records) -> None:
    """Every number of the referral data passes the loader and is found in a message."""
    phones = [r.phone for r in shipped_records if r.phone and len(digits(r.phone)) > 3]
    assert len(phones) >= 15
    for phone in phones:
        assert phone_problem(phone) is None, phone
        parts = [digits(part) for part in re.split(r" / (?=[0+])", phone)]
        found = [digits(n.text) for n in find_phone_numbers(f"Meine Nummer ist {phone}.")]
        assert found == parts, phone
        redacted = digits(redact(f"Meine Nummer: {phone}"))
        for part in parts:  # helplines are not personal data and stay
            assert (part in redacted) == (part in SERVICE_NUMBERS), phone


def test_the_loader_refuses_a_number_the_pattern_does_not_know() -> None:
    assert phone_problem("0201 52 32 58 90") is None
    assert "not written as a phone number" in (phone_problem("0201 -- 52 32 58 90") or "")
