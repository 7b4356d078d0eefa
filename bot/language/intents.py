"""What a message in English, Turkish, Arabic, Russian or Ukrainian asks for, by rule.

The intent classifier is trained on German only. A message that ``bot.language`` confidently
detects as one of the five other languages is mapped here, by keyword patterns, to the intents
of the core paths (greeting, worry, referral, trust questions, privacy, deletion, thanks,
goodbye, menu, who are you); the answers have a variation in each language
(bot/language/core_paths.py). Trust questions become the trust answer that covers them
(retrieval intent ``vertrauen``: cost, confidentiality, authorities, voluntariness, anonymity,
hours). Anything else is ``None``: the bot then says that the rest
is in German and names the counselling that speaks the language.

This is a stopgap with known limits: keywords, not understanding. Issue 19 asks to measure
multilingual sentence embeddings against per-language training data; until then, these
patterns are what answers. Explicit requests to switch the language or to use Leichte Sprache
(``language_request``) are recognised for every language, German included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.language.detect import LanguageCode, requested_language


@dataclass(frozen=True)
class IntentGuess:
    intent: str
    # the knowledge answer for a retrieval intent ("angebote/wegweiser"), else None
    response_key: str | None = None


# The trust answers (retrieval intent vertrauen, data/responses/trust.yml).
COST = IntentGuess("vertrauen", "vertrauen/kosten")
VOLUNTARY = IntentGuess("vertrauen", "vertrauen/freiwillig")
ANONYMOUS = IntentGuess("vertrauen", "vertrauen/anonym")
HOURS = IntentGuess("vertrauen", "vertrauen/erreichbarkeit")
CONFIDENTIAL = IntentGuess("vertrauen", "vertrauen/vertraulich")
AUTHORITIES = IntentGuess("vertrauen", "vertrauen/behoerden")

# (guess, pattern) per language, first match wins: deletion (only with its object: "my son
# deleted his friends" is no request) and privacy before the trust
# questions, those before worry and referral (a question about the cost of counselling is a
# trust question), the conversational intents last.
_PATTERNS: dict[str, list[tuple[IntentGuess, str]]] = {
    "en": [
        (
            IntentGuess("delete_conversation"),
            r"\b(delete|erase|remove)\b.{0,30}\b(chat|conversation|messages?|data|history)\b",
        ),
        (
            IntentGuess("ask_privacy"),
            r"\bprivacy\b|\bdata protection\b|\bmy data\b|"
            r"\b(store|stored|save|saved|keep)\b.*\b(data|messages|chat|conversation)\b",
        ),
        (
            AUTHORITIES,
            r"\bpolice\b|\bauthorit|\bintelligence\b|\byouth (welfare|office)\b|\breport(ed)?\b",
        ),
        (CONFIDENTIAL, r"\bconfidential|\bsecret\b|\bbetween us\b|\bpassed on\b"),
        (COST, r"\b(cost|costs|free|pay|fee|fees|charge|price)\b"),
        (ANONYMOUS, r"\banonym|\bmy name\b|\bwithout (a|my) name\b"),
        (VOLUNTARY, r"\bvoluntar|\bhave to\b.*\b(go|come|take part)\b|\bobliged\b"),
        (
            HOURS,
            r"\bopening hours\b|\bhours\b|\bwhen can\b|\breach (someone|you|them)\b|\bavailable\b",
        ),
        (
            IntentGuess("express_worry"),
            r"\bworr|\bconcern|\bafraid\b|\bscared\b|\bradicali[sz]|\bextremis|\bsalaf|"
            r"\bmy (son|daughter|brother|sister|child|nephew|niece|friend|husband|wife)\b",
        ),
        (
            IntentGuess("ask_referral"),
            r"\bcounsel|\badvice\b|\bhelp ?line\b|\bhotline\b|\bcent(re|er)\b|\bnear me\b|"
            r"\bwho can help\b|\bsupport\b",
        ),
        (IntentGuess("thank"), r"\bthank"),
        (IntentGuess("goodbye"), r"\b(bye|goodbye)\b"),
        (IntentGuess("bot_challenge"), r"\bare you (a )?(bot|human|robot|real|machine)\b"),
        (IntentGuess("greet"), r"^\W*(hi|hello|hey|good (morning|afternoon|evening))\b"),
        (IntentGuess("help"), r"\bmenu\b|\bwhat can you do\b|\bhelp\b"),
    ],
    "tr": [
        (
            IntentGuess("delete_conversation"),
            r"\b(konuşmayı|sohbeti|verilerimi|mesajlarımı) sil|\bsilin\b|\bsilmek\b",
        ),
        (IntentGuess("ask_privacy"), r"\bveri|\bkişisel bilgi|\bkayded|\bgizlilik\b|\bsaklan"),
        (AUTHORITIES, r"\bpolis|\bdevlet|\byetkili|\bmakam|istihbarat|gençlik dairesi|ihbar"),
        (CONFIDENTIAL, r"\bgizli|aramızda|başkasına söyle"),
        (COST, r"ücret|\bpara\b|bedava|masraf|kaç para"),
        (ANONYMOUS, r"anonim|isimsiz|\badımı|\bismimi|adımı vermeden"),
        (VOLUNTARY, r"gönüllü|zorunda mı|mecbur"),
        (HOURS, r"\bsaat|ne zaman|ulaşabilir|açık mı"),
        (
            IntentGuess("express_worry"),
            r"endişe|kaygı|korku|radikal|selefi|aşırılık|\boğlum|\bkızım|\bkardeşim|"
            r"\bçocuğum|\byeğenim|\beşim",
        ),
        (IntentGuess("ask_referral"), r"danışma|danışman|yardım|destek|merkez|başvur|yakınımda"),
        (IntentGuess("thank"), r"teşekkür|sağ ?ol"),
        (IntentGuess("goodbye"), r"hoşça kal|görüşürüz|güle güle"),
        (IntentGuess("bot_challenge"), r"bot mu|insan mı|robot mu"),
        (IntentGuess("greet"), r"^\W*(merhaba|selam|iyi günler|günaydın|iyi akşamlar)"),
        (IntentGuess("help"), r"\bmenü|neler yapabilir"),
    ],
    "ar": [
        (
            IntentGuess("delete_conversation"),
            r"(احذف|حذف|امسح|مسح).{0,30}(محادث|دردش|رسائل|بيانات)",
        ),
        (IntentGuess("ask_privacy"), r"بيانات|خصوصية|تحفظ|تخزن|تخزين|حفظ"),
        (AUTHORITIES, r"شرطة|السلطات|مخابرات|الحكومة|الأمن|رعاية الشباب|تبليغ"),
        (CONFIDENTIAL, r"سري|سرية|بيننا"),
        (COST, r"تكلف|مجان|بالمجان|مال|دفع|رسوم|سعر"),
        (ANONYMOUS, r"مجهول|اسمي|دون اسم|بدون اسم|دون ذكر"),
        (VOLUNTARY, r"طوعي|إجباري|مضطر|ملزم"),
        (HOURS, r"ساعات|متى|مواعيد|الوصول"),
        (
            IntentGuess("express_worry"),
            r"قلق|خائف|أخاف|خوف|تطرف|متطرف|سلفي|ابني|ابنتي|أخي|أختي|ولدي|بنتي",
        ),
        (IntentGuess("ask_referral"), r"استشار|مساعدة|مركز|دعم|نصيحة|أين"),
        (IntentGuess("thank"), r"شكر"),
        (IntentGuess("goodbye"), r"مع السلامة|وداع"),
        (IntentGuess("bot_challenge"), r"هل أنت (إنسان|روبوت|بوت)"),
        (IntentGuess("greet"), r"^\W*(مرحب|السلام عليكم|أهلا|اهلا|صباح الخير|مساء الخير)"),
        (IntentGuess("help"), r"القائمة|ماذا تستطيع"),
    ],
    "ru": [
        (
            IntentGuess("delete_conversation"),
            r"(удал|сотр)\w*\W.{0,30}(чат|разговор|переписк|сообщени|данн|истори)",
        ),
        (IntentGuess("ask_privacy"), r"данн|сохраня|хран|приватн"),
        (AUTHORITIES, r"полици|власт|спецслужб|ведомств|органы|донос|ювенальн"),
        (CONFIDENTIAL, r"конфиденциальн|секрет|между нами|передадут|передают"),
        (COST, r"стоит|бесплатн|плат|деньг|цена|стоимост"),
        (ANONYMOUS, r"аноним|без имени|моё имя|мое имя|назвать имя"),
        (VOLUNTARY, r"добровольн|обязан|обязательно"),
        (HOURS, r"часы работы|когда можно|время работы|связаться|дозвониться"),
        (
            IntentGuess("express_worry"),
            r"беспоко|волну|тревож|боюсь|радикал|экстрем|салаф|\bсын|\bдоч|\bбрат|\bсестр|"
            r"\bребен|\bребён",
        ),
        (IntentGuess("ask_referral"), r"консульт|помощ|помог|центр|поддерж|обратиться|рядом"),
        (IntentGuess("thank"), r"спасибо|благодар"),
        (IntentGuess("goodbye"), r"до свидания|\bпока\b"),
        (IntentGuess("bot_challenge"), r"(ты|вы) (бот|человек|робот)"),
        (IntentGuess("greet"), r"^\W*(здравствуй|привет|добрый день|доброе утро|добрый вечер)"),
        (IntentGuess("help"), r"меню|что (ты|вы) умеете|что ты умеешь"),
    ],
    "uk": [
        (
            IntentGuess("delete_conversation"),
            r"(видал|стер)\w*\W.{0,30}(чат|розмов|переписк|повідомлен|дан|істор)",
        ),
        (IntentGuess("ask_privacy"), r"даних|дані|зберіга|приватн"),
        (AUTHORITIES, r"поліці|влад|спецслужб|органи|донос|служб[аиу] у справах"),
        (CONFIDENTIAL, r"конфіденційн|таємн|між нами|передадуть|передають"),
        (COST, r"кошту|безкоштовн|плат|грош|ціна|вартіст"),
        (ANONYMOUS, r"анонім|без імені|моє ім|назвати ім"),
        (VOLUNTARY, r"добровільн|зобов'язан|обов'язково|обов’язково"),
        (HOURS, r"години роботи|коли можна|час роботи|зв'язатися|зв’язатися|додзвонитися"),
        (
            IntentGuess("express_worry"),
            r"хвилю|турбу|тривож|боюся|радикал|екстрем|салаф|\bсин|\bдоньк|\bдочк|\bбрат|"
            r"\bсестр|\bдитин",
        ),
        (IntentGuess("ask_referral"), r"консульт|допомог|центр|підтрим|звернутися|поруч"),
        (IntentGuess("thank"), r"дякую|спасибі"),
        (IntentGuess("goodbye"), r"до побачення|бувай"),
        (IntentGuess("bot_challenge"), r"(ти|ви) (бот|людина|робот)"),
        (IntentGuess("greet"), r"^\W*(вітаю|привіт|добрий день|доброго ранку|добрий вечір)"),
        (IntentGuess("help"), r"меню|що (ти|ви) вмієте|що ти вмієш"),
    ],
}
_COMPILED = {
    code: [(guess, re.compile(pattern, re.I)) for guess, pattern in patterns]
    for code, patterns in _PATTERNS.items()
}

# "in einfacher Sprache", "Leichte Sprache bitte" -> True; "normale Sprache" -> False.
_SIMPLE_ON = re.compile(
    r"\b(?:einfache[rn]?|leichte[rn]?) sprache\b|\beasy (?:german|language)\b", re.I
)
_SIMPLE_OFF = re.compile(
    r"\b(?:normale[rn]?|schwere[rn]?|standard)[ -]?sprache\b|"
    r"\bnicht (?:mehr )?(?:in )?(?:einfacher|leichter) sprache\b",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# "ben almanca konuşamıyorum", "I don't speak German", "я не говорю по-немецки": a language
# named in a negated sentence is no request to switch to it.
_NEGATION = re.compile(
    r"\b(?:not|don't|dont|can't|cant|cannot|no|nicht|kein|keine|не|ні|لا|ما)\b|"
    r"\w+(?:amıyorum|emiyorum|mıyorum|miyorum|muyorum|müyorum|amam|emem)\b",
    re.I,
)


def guess_intent(text: str, language: str) -> IntentGuess | None:
    """The core-path intent of a message in ``language`` (not German), or None."""
    for guess, pattern in _COMPILED.get(language, []):
        if pattern.search(text):
            return guess
    return None


@dataclass(frozen=True)
class LanguageRequest:
    """An explicit request: the language asked for and/or Leichte Sprache on or off."""

    language: LanguageCode | None
    simple: bool | None


def language_request(text: str) -> LanguageRequest | None:
    """ "in English please" -> en; "in einfacher Sprache" -> de + simple; else None.

    Only short messages (up to six words) count, as in ``requested_language``.
    """
    if len(_WORD.findall(text)) > 6:
        return None
    if _SIMPLE_OFF.search(text):
        return LanguageRequest("de", False)
    if _SIMPLE_ON.search(text):
        return LanguageRequest("de", True)
    language = requested_language(text)
    if language is None or _NEGATION.search(text):
        return None
    return LanguageRequest(language, None)
