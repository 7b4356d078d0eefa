"""Messages in English, Turkish, Arabic, Russian and Ukrainian reach the core paths
(bot/language/intents.py through components/safety_override.py), place names in any script
resolve, and the referral answer's fixed labels and the language offers come in the
conversation's language."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from sqlalchemy.orm import Session

from bot.geo import find_place_in_text
from bot.language.intents import guess_intent, language_request
from bot.language.places import latinise_places
from bot.referrals.messages import counselling_lines, format_offer
from bot.referrals.queries import offers_speaking
from bot.referrals.rules import Offer
from components.input_guard import InputGuard
from components.language_detection import MESSAGE_LANGUAGE, LanguageDetection
from components.safety_override import SafetyOverride


def _parsed(text: str, intent: str = "out_of_scope") -> Message:
    message = Message(data={TEXT: text})
    InputGuard({"max_chars": 1000}).process([message])
    message.set(INTENT, {"name": intent, "confidence": 0.6}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.6}], add_to_output=True)
    LanguageDetection({}).process([message], tracker=None)
    SafetyOverride({}).process([message])
    return message


def _entities(message: Message) -> dict[str, object]:
    return {e["entity"]: e["value"] for e in message.get(ENTITIES) or []}


# (language, greeting, trust question -> answer key, worry, referral with a place)
CASES = [
    (
        "en",
        "Hello, good morning",
        "Is the counselling free of charge?",
        "I am worried about my son, he has changed a lot",
        "Where can I find counselling near Cologne?",
    ),
    (
        "tr",
        "Merhaba, iyi günler",
        "Danışmanlık ücretsiz mi acaba?",
        "Oğlum için çok endişeleniyorum, çok değişti",
        "Köln'de danışma merkezi var mı?",
    ),
    (
        "ar",
        "السلام عليكم",
        "هل الاستشارة مجانية؟",
        "أنا قلق جدا على ابني",
        "أين أجد مركز استشارة في كولونيا؟",
    ),
    (
        "ru",
        "Здравствуйте",
        "Консультация бесплатная?",
        "Я очень беспокоюсь о сыне",
        "Где найти консультацию в Кёльне?",
    ),
    (
        "uk",
        "Вітаю",
        "Консультація безкоштовна?",
        "Я дуже хвилююся за сина",
        "Де знайти консультацію в Кельні?",
    ),
]


@pytest.mark.parametrize(("code", "greeting", "trust", "worry", "referral"), CASES)
def test_core_paths_are_understood_in_each_language(
    code: str, greeting: str, trust: str, worry: str, referral: str
) -> None:
    assert guess_intent(greeting, code).intent == "greet"  # type: ignore[union-attr]
    message = _parsed(trust)
    assert message.get(MESSAGE_LANGUAGE) == code
    assert message.get(INTENT)["name"] == "vertrauen"
    assert message.get("response_selector")["default"]["response"]["utter_action"] == (
        "utter_vertrauen/kosten"
    )
    assert _entities(message)["language"] == code
    assert _parsed(worry).get(INTENT)["name"] == "express_worry"
    assert _parsed(referral).get(INTENT)["name"] == "ask_referral"
    place = find_place_in_text(latinise_places(referral))
    assert place is not None and place.place is not None and place.place.label == "Köln"


@pytest.mark.parametrize(
    ("text", "language", "key"),
    [
        ("Will the police find out if I ask for advice?", "en", "vertrauen/behoerden"),
        ("Is it confidential?", "en", "vertrauen/vertraulich"),
        ("Do I have to give my name, or can I stay anonymous?", "en", "vertrauen/anonym"),
        ("Is the counselling voluntary?", "en", "vertrauen/freiwillig"),
        ("When can I reach someone?", "en", "vertrauen/erreichbarkeit"),
        ("Polis öğrenir mi?", "tr", "vertrauen/behoerden"),
        ("هل يمكنني البقاء دون ذكر اسمي؟", "ar", "vertrauen/anonym"),
        ("Это конфиденциально?", "ru", "vertrauen/vertraulich"),
        ("Коли можна зателефонувати? Які години роботи?", "uk", "vertrauen/erreichbarkeit"),
        ("Adımı söylemek zorunda mıyım?", "tr", "vertrauen/anonym"),
    ],
)
def test_trust_questions_get_their_trust_answer(text: str, language: str, key: str) -> None:
    guess = guess_intent(text, language)
    assert guess is not None and guess.response_key == key, guess


def test_family_words_match_at_word_start() -> None:
    # "обратиться" contains "брат" (brother): a referral question, not a worry
    assert guess_intent("Куда мне обратиться за помощью?", "ru").intent == "ask_referral"  # type: ignore[union-attr]


def test_unknown_questions_in_another_language_are_other_language() -> None:
    message = _parsed("What is the history of the IMAG working group in this state?")
    assert message.get(INTENT)["name"] == "other_language"


def test_english_words_in_german_chat_keep_the_classifier_intent() -> None:
    assert _parsed("yes", intent="affirm").get(INTENT)["name"] == "affirm"
    assert _parsed("Trainer im sportverein", intent="inform_audience").get(INTENT)["name"] == (
        "inform_audience"
    )
    assert _parsed("I live in Cologne", intent="other_language").get(INTENT)["name"] == (
        "inform_place"
    )


def test_a_place_alone_in_another_script_is_a_place_answer() -> None:
    assert _parsed("Я живу в Дортмунде").get(INTENT)["name"] == "inform_place"


def test_german_keeps_the_classifier_intent() -> None:
    message = _parsed("Was kostet die Beratung bei Wegweiser?", intent="angebote")
    assert message.get(INTENT)["name"] == "angebote"
    assert message.get("response_selector") is None


@pytest.mark.parametrize(
    ("text", "language", "simple"),
    [
        ("auf Deutsch bitte", "de", None),
        ("in English please", "en", None),
        ("Türkçe lütfen", "tr", None),
        ("по-русски, пожалуйста", "ru", None),
        ("українською, будь ласка", "uk", None),
        ("in einfacher Sprache bitte", "de", True),
        ("Leichte Sprache", "de", True),
        ("wieder normale Sprache", "de", False),
    ],
)
def test_explicit_requests_set_the_language(text: str, language: str, simple: bool | None) -> None:
    request = language_request(text)
    assert request is not None
    assert (request.language, request.simple) == (language, simple)
    message = _parsed(text)
    assert message.get(INTENT)["name"] == "set_language"
    entities = _entities(message)
    assert entities["language"] == language
    assert entities.get("simple_language") == simple


@pytest.mark.parametrize(
    "text", ["ben almanca konuşamıyorum", "I don't speak German", "я не говорю по-немецки"]
)
def test_a_negated_language_is_no_request(text: str) -> None:
    assert language_request(text) is None


def test_a_long_sentence_that_mentions_a_language_is_no_request() -> None:
    assert (
        language_request("Meine Mutter spricht kein Deutsch, gibt es Beratung auf Türkisch?")
        is None
    )


@pytest.mark.parametrize(
    ("text", "german"),
    [
        ("Кёльн", "Köln"),
        ("в Кёльне", "в Köln"),
        ("بكولونيا", "Köln"),
        ("Köln'de", "Köln"),
        ("Дортмундом", "Dortmund"),
        ("Meine Schwester in Köln", "Meine Schwester in Köln"),
    ],
)
def test_place_names_in_other_scripts(text: str, german: str) -> None:
    assert latinise_places(text) == german


OFFER = Offer(
    name="Wegweiser Test",
    kind="wegweiser_site",
    operator="Stadt Test",
    city="Test",
    address=None,
    phone="0201 123",
    email=None,
    website="https://www.example.org",
    hours="Mo–Fr 9–15 Uhr",
    source_url="https://www.example.org/quelle",
    source_date="2024-01-01",
)


def test_offer_labels_follow_the_language_and_data_stays() -> None:
    german = format_offer(OFFER)
    assert "Telefon: 0201 123" in german and "Träger: Stadt Test" in german
    english = format_offer(OFFER, "en")
    assert "Phone: 0201 123" in english and "Operator: Stadt Test" in english
    assert "Hours: Mo–Fr 9–15 Uhr" in english  # record data as recorded
    assert "Телефон: 0201 123" in format_offer(OFFER, "ru")
    assert "الهاتف: 0201 123" in format_offer(OFFER, "ar")


def test_counselling_lines_name_the_interpreters() -> None:
    lines = counselling_lines([(OFFER, False), (OFFER, True)], "tr").splitlines()
    assert lines[0] == "• Wegweiser Test – Telefon: 0201 123"
    assert lines[1].endswith("(tercüman aracılığıyla)")


def test_offers_speaking_read_the_records_languages(session: Session) -> None:
    turkish = {offer.name: via for offer, via in offers_speaking(session, "Türkisch")}
    assert turkish["Beratungsstelle Radikalisierung (BAMF) – bundesweite Hotline"] is False
    assert any("Wegweiser" in name for name in turkish)
    ukrainian = offers_speaking(session, "Ukrainisch")
    # no record names Ukrainian: the hotline's interpreters are the way in
    assert ukrainian and all(via for _, via in ukrainian)
    bamf = [o for o, _ in ukrainian if "BAMF" in o.name]
    assert bamf and bamf[0].phone == "0911 943 43 43"


def test_language_rules_are_never_called_ambiguous() -> None:
    # "I am worried about my son, he has changed a lot": the keywords said express_worry, the
    # German classifier other_language at 0.98 behind it; the fallback must not step in.
    from components.fallback_classifier import RuleAwareFallbackClassifier

    classifier = RuleAwareFallbackClassifier({"threshold": 0.3, "ambiguity_threshold": 0.05})
    message = _parsed("I am worried about my son, he has changed a lot", intent="other_language")
    ranking = message.get(INTENT_RANKING_KEY)
    message.set(INTENT_RANKING_KEY, [ranking[0], {"name": "other_language", "confidence": 0.98}])
    assert classifier.process([message])[0].get(INTENT)["name"] == "express_worry"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("my son deleted all his old friends from his phone", "en"),
        ("дочка стала очень замкнутой, удалила всех старых друзей из контактов", "ru"),
        ("син видалив усі фото з родиною", "uk"),
        ("oğlum eski arkadaşlarını sildi", "tr"),
    ],
)
def test_a_deletion_told_in_a_worry_is_no_request_to_delete_the_chat(
    text: str, language: str
) -> None:
    guess = guess_intent(text, language)
    assert guess is None or guess.intent != "delete_conversation", guess


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("please delete this chat", "en"),
        ("удалите пожалуйста мои сообщения", "ru"),
        ("видаліть, будь ласка, цю розмову", "uk"),
        ("من فضلك احذفوا المحادثة", "ar"),
    ],
)
def test_a_request_to_delete_the_chat_is_one(text: str, language: str) -> None:
    guess = guess_intent(text, language)
    assert guess is not None and guess.intent == "delete_conversation"


@pytest.mark.parametrize(
    ("text", "language", "intent"),
    [
        ("can you delete everything I wrote please", "en", "delete_conversation"),
        ("my son wants to delete everything on his phone", "en", "express_worry"),
        ("احذفوها من فضلك", "ar", "delete_conversation"),
        ("ابني حذف كل أصدقائه", "ar", "express_worry"),
        ("удалите всё, пожалуйста", "ru", "delete_conversation"),
        ("моя дочь удалила всех друзей", "ru", "express_worry"),
        ("видаліть, будь ласка", "uk", "delete_conversation"),
        ("син видалив усіх друзів", "uk", "express_worry"),
    ],
)
def test_a_deletion_request_is_the_imperative_not_a_story(
    text: str, language: str, intent: str
) -> None:
    guess = guess_intent(text, language)
    assert guess is not None and guess.intent == intent
