"""Referral cards in the widget (fake Rasa sending the real card payload of
bot/referrals/cards.py): on a 390 px phone the responsible office's name and phone are in view
as soon as the answer has arrived, details open in place, and the Gesprächsnotiz is built in
the browser and leaves it only as the person's own download.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fake_rasa import GREETING
from widget_helpers import MOBILE, Chat, make_chat

pytestmark = pytest.mark.browser

ESSEN_PHONE = "0201 52 32 58 90"
CARD = ".lotse-card"


def ask_for_cards(chat: Chat, message: str = "Beratung in Essen") -> None:
    chat.say(message)
    chat.page.locator(CARD).first.wait_for(state="visible")
    # the answer ends with the closing question and its buttons
    chat.page.get_by_role("button", name="Zum Menü").wait_for()
    chat.page.wait_for_timeout(400)  # smooth scrolling settles


def in_view(chat: Chat, locator: Any) -> bool:
    """Whether the element lies fully inside both the chat log's visible area and the
    window (nothing to scroll to see it)."""
    return bool(
        locator.evaluate(
            """e => { const r = e.getBoundingClientRect();
                      const log = document.querySelector('.lotse-log').getBoundingClientRect();
                      return r.height > 0 && r.top >= log.top && r.bottom <= log.bottom
                          && r.top >= 0 && r.bottom <= window.innerHeight
                          && r.left >= 0 && r.right <= window.innerWidth; }"""
        )
    )


@pytest.fixture
def phone_chat(new_context: Any, web_server: Any, fake: Any) -> Chat:
    chat = make_chat(new_context(viewport=MOBILE).new_page(), web_server.url)
    yield chat
    assert chat.page_errors == []


def test_phone_shows_the_office_name_and_phone_without_scrolling(phone_chat: Chat) -> None:
    chat = phone_chat
    chat.goto()
    chat.open()
    chat.ask("hallo", GREETING)
    ask_for_cards(chat)
    first = chat.page.locator(CARD).first
    name = first.get_by_role("heading", name="Wegweiser Essen")
    phone = first.locator("a[href='tel:020152325890']")
    assert phone.inner_text() == ESSEN_PHONE
    assert in_view(chat, name), "the office's name scrolled out of sight"
    assert in_view(chat, phone), "the office's phone scrolled out of sight"
    # the card replaced the short text of the same message: the number is there once
    assert chat.log.inner_text().count(ESSEN_PHONE) == 1
    cards = chat.page.locator(CARD)
    assert cards.count() == 3
    assert "jetzt erreichbar bis 22 Uhr" in cards.nth(1).inner_text()  # the chat at Monday noon
    # "Quelle" is a link label with the date behind it, not a raw URL in the text
    source = first.get_by_role("link", name="Quelle")
    assert source.get_attribute("href").startswith("https://")
    assert first.locator(".lotse-card-source").inner_text().endswith("(Stand: undatiert)")
    assert "https://" not in first.inner_text()
    # the text channel's details button is replaced by the card's own
    assert chat.quick_replies.all_inner_texts() == [
        "Anderer Ort",
        "Was kann ich selbst tun?",
        "Zum Menü",
    ]


def test_details_open_in_place(chat: Chat, fake: Any) -> None:
    chat.goto()
    chat.open()
    ask_for_cards(chat)
    first = chat.page.locator(CARD).first
    more = first.get_by_role("button", name="Mehr zu dieser Stelle")
    details = first.locator(".lotse-card-details")
    assert more.get_attribute("aria-expanded") == "false" and details.is_hidden()
    more.click()
    assert more.get_attribute("aria-expanded") == "true"
    assert "Träger: Stadt Essen" in details.inner_text()
    assert "Stand der Quelle: undatiert (Pressemeldung" in details.inner_text()
    more.press("Enter")
    assert details.is_hidden()
    assert not any(m.startswith("/referral_details") for m, _ in fake.messages())


def test_night_notice_links_the_telefonseelsorge(chat: Chat) -> None:
    chat.goto()
    chat.open()
    ask_for_cards(chat, "Beratung in Essen nachts")
    night = chat.page.locator(".lotse-cards-night")
    assert "jederzeit möglich" in night.inner_text()
    assert night.locator("a[href='tel:08001110111']").count() == 1
    assert "geschlossen bis morgen 10 Uhr" in chat.page.locator(CARD).nth(1).inner_text()


def test_cards_survive_a_reload(chat: Chat) -> None:
    chat.goto()
    chat.open()
    ask_for_cards(chat)
    chat.page.reload()
    chat.page.locator(CARD).first.wait_for()
    assert chat.page.locator(CARD).count() == 3
    assert chat.page.locator("a[href='tel:020152325890']").count() == 1


def test_tampered_stored_cards_are_cleaned(chat: Chat) -> None:
    chat.goto()
    chat.open()
    ask_for_cards(chat)
    chat.page.evaluate(
        """() => { const s = JSON.parse(sessionStorage.getItem('lotse-widget'));
                   const m = s.messages.find(x => x.cards);
                   m.cards.cards[0].website = 'javascript:window.__xss=1';
                   m.cards.cards[0].phone = {display: '<b>x</b>', tel: 'javascript:1'};
                   m.cards.cards[0].name = '<img src=x onerror="window.__xss=2">';
                   sessionStorage.setItem('lotse-widget', JSON.stringify(s)); }"""
    )
    chat.page.reload()
    chat.page.locator(CARD).first.wait_for()
    first = chat.page.locator(CARD).first
    assert first.locator("h3").inner_text() == '<img src=x onerror="window.__xss=2">'
    assert first.locator("a[href^='javascript']").count() == 0
    assert first.locator("a[href^='tel:']").count() == 0
    assert chat.page.evaluate("() => window.__xss") is None


def test_the_note_is_built_in_the_browser_and_saved_only_on_request(chat: Chat, fake: Any) -> None:
    chat.goto()
    chat.open()
    chat.ask("Mein Sohn redet nur noch von Religion, was kann ich tun?", "Sie schrieben")
    chat.ask("hallo", GREETING)
    chat.quick_replies.first.click()  # a button: not a question of the person's own
    chat.wait_for_bot_text("In welcher Stadt")
    ask_for_cards(chat)
    note_button = chat.page.locator(CARD).first.get_by_role("button", name="Gesprächsnotiz")
    note_button.click()
    dialog = chat.page.get_by_role("dialog", name="Gesprächsnotiz")
    dialog.wait_for()
    assert chat.focused()["id"] == "lotse-notiz-title"
    text = dialog.inner_text()
    assert "Wegweiser Essen" in text and ESSEN_PHONE in text
    assert "Mein Sohn redet nur noch von Religion" in text
    assert "Beratung in Essen" in text
    assert "Beratung finden" not in text  # the button click is no typed question
    observation = "Er schläft tagsüber, seit den Ferien."
    dialog.get_by_label("Eigene Beobachtungen").fill(observation)
    # the rest of the panel cannot be reached while the note is open
    assert chat.page.locator(".lotse-log").get_attribute("inert") == ""

    with chat.page.expect_download() as download_info:
        dialog.get_by_role("button", name="Als Textdatei speichern").click()
    download = download_info.value
    assert download.suggested_filename == "gespraechsnotiz.txt"
    saved = Path(download.path()).read_text(encoding="utf-8")
    assert saved.startswith("Gesprächsnotiz – erstellt am")
    assert "Tel. 0201 52 32 58 90" in saved and observation in saved
    assert "- Mein Sohn redet nur noch von Religion, was kann ich tun?" in saved

    # nothing of the note left the browser or was stored
    assert all(observation not in m for m, _ in fake.messages())
    assert observation not in chat.page.evaluate("() => sessionStorage.getItem('lotse-widget')")
    assert all("gespraechsnotiz" not in url for url in chat.requests)

    chat.page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert chat.panel.is_visible()  # Escape closed the note, not the chat
    assert chat.focused()["text"] == "Gesprächsnotiz"
    assert chat.page.locator(".lotse-log").get_attribute("inert") is None


def test_printing_the_note_shows_only_the_note(chat: Chat) -> None:
    chat.goto()
    chat.open()
    ask_for_cards(chat)
    chat.page.locator(CARD).first.get_by_role("button", name="Gesprächsnotiz").click()
    chat.page.get_by_label("Eigene Beobachtungen").fill("Notiz für den Termin")
    chat.page.evaluate(
        """() => { document.querySelector('.lotse-notiz-printed').textContent =
                     document.querySelector('.lotse-notiz-text').value;
                   document.documentElement.classList.add('lotse-printing'); }"""
    )
    chat.page.emulate_media(media="print")
    visible = chat.page.evaluate(
        """() => [...document.body.querySelectorAll('*')]
                 .filter(e => e.getClientRects().length && !e.closest('.lotse-notiz')
                              && !e.contains(document.querySelector('.lotse-notiz')))
                 .map(e => e.tagName)"""
    )
    assert visible == [], visible
    assert chat.page.locator(".lotse-notiz-printed").inner_text() == "Notiz für den Termin"
    chat.page.emulate_media(media="screen")
