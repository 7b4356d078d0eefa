"""What a message in English, Turkish, Arabic, Russian or Ukrainian asks for, by rule.

The intent classifier is trained on German only. A message that ``bot.language`` confidently
detects as one of the five other languages is mapped here, by keyword patterns, to the intents
of the core paths (greeting, worry, referral, trust questions, privacy, deletion, thanks,
goodbye, menu, who are you); the answers have a variation in each language
(bot/language/core_paths.py). A short answer to the referral form's question "who is this
about?" ("I'm his mother", "ben annesiyim", "أنا أمه", "я его мама", "teacher") is
``inform_audience`` with the entity ``audience`` (``audience_answer``, also read by the form's
validation when the question was asked). Trust questions become the trust answer that covers them
(retrieval intent ``vertrauen``: cost, confidentiality, authorities, voluntariness, anonymity,
hours); knowledge questions about the topic ("what is salafism?") become the knowledge
answer that covers them (retrieval intent ``wissen``). Anything else is ``None``: the bot
then says that the rest is in German and names the counselling that speaks the language.

This is a stopgap with known limits: keywords, not understanding. Issue 19 asks to measure
multilingual sentence embeddings against per-language training data; until then, these
patterns are what answers. Explicit requests to switch the language or to use Leichte Sprache
(``language_request``) are recognised for every language, German included.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.language.detect import LanguageCode, requested_language

__all__ = [
    "IntentGuess",
    "LanguageRequest",
    "audience_answer",
    "audience_guess",
    "guess_intent",
    "language_request",
]

INFORM_AUDIENCE = "inform_audience"
AUDIENCE_ENTITY = "audience"


@dataclass(frozen=True)
class IntentGuess:
    intent: str
    # the knowledge answer for a retrieval intent ("angebote/wegweiser"), else None
    response_key: str | None = None
    # entities the rule reads from the text, (entity, value): ("audience", "relatives")
    entities: tuple[tuple[str, str], ...] = ()


def audience_guess(audience: str) -> IntentGuess:
    """``inform_audience`` with the audience it names ("relatives", "teachers", ...)."""
    return IntentGuess(INFORM_AUDIENCE, entities=((AUDIENCE_ENTITY, audience),))


# The trust answers (retrieval intent vertrauen, data/responses/trust.yml).
COST = IntentGuess("vertrauen", "vertrauen/kosten")
VOLUNTARY = IntentGuess("vertrauen", "vertrauen/freiwillig")
ANONYMOUS = IntentGuess("vertrauen", "vertrauen/anonym")
HOURS = IntentGuess("vertrauen", "vertrauen/erreichbarkeit")
CONFIDENTIAL = IntentGuess("vertrauen", "vertrauen/vertraulich")
AUTHORITIES = IntentGuess("vertrauen", "vertrauen/behoerden")


# ------------------------------------------------------------------ knowledge questions
# A question about the topic ("what is salafism?", "Selefilik nedir?", "что такое
# салафизм?") gets the knowledge answer that covers it (retrieval intent ``wissen``, the ten
# answers of the group "knowledge asked most" in bot/language/core_paths.py). It needs a
# question form and the topic; a story about someone close ("my son became a salafist, I'm
# scared") is no question about the topic and stays a worry. Questions about where salafism
# comes from are checked before the trust questions ("Selefilik ne zaman ortaya çıktı?" is no
# question about opening hours), the rest right before the worry.


def _wissen(key: str) -> IntentGuess:
    return IntentGuess("wissen", f"wissen/{key}")


@dataclass(frozen=True)
class _Words:
    """The words of one language the knowledge rules read."""

    question: str  # a question form: "?", what is, nedir, ما هي, что такое, ...
    story: str  # a story about someone close or one's own fear: then it is a worry
    referral: str  # asks for counselling: then the referral rule answers
    # (key, body, topic or "", whether a request for counselling rules it out)
    rules: tuple[tuple[str, str, str, bool], ...]


def _knowledge_rule(words: _Words, key: str, body: str, topic: str, referral: bool) -> str:
    exclude = f"{words.story}|{words.referral}" if referral else words.story
    need_topic = f"(?=.*(?:{topic}))" if topic else ""
    return rf"(?s)^(?!.*(?:{exclude}))(?=.*(?:{words.question})){need_topic}.*?(?:{body})"


_EN_TOPIC = r"salaf|islamis|jihad|wahhab|extremis"
_TR_TOPIC = r"selef|slamc|cihat|cihad|vehhab|aşırılık"
_AR_TOPIC = r"سلف|[إا]سلاموي|جهاد|وهاب|تطرف"
_RU_TOPIC = r"салаф|ислами[зс]|джихад|ваххаб|экстремис"
_UK_TOPIC = r"салаф|ісламіс|ісламіз|джихад|ваххаб|екстреміс"

_KNOWLEDGE_WORDS: dict[str, _Words] = {
    "en": _Words(
        question=r"\?|\b(?:what|whats|who|why|how|which|where|when|explain|tell me|mean|"
        r"meaning|define|definition|difference)\b|^\W*(?:is|are|does|do|can|could)\b",
        story=r"\bworr|\bconcern|\bafraid\b|\bscared\b|\bfrighten|\bpanic|\bfear|"
        r"\b(?:my|our) (?:\w+ )?(?:son|daughter|brother|sister|child|children|kid|kids|"
        r"nephew|niece|friend|husband|wife|boy|girl|grandson|granddaughter|cousin|student|"
        r"pupil)s?\b|\b(?:he|she)\b",
        referral=r"\bcounsel|\badvice\b|\badvis|\bhelp ?line|\bhotline|\bsupport\b|"
        r"\bcent(?:re|er)\b|\bnear me\b|\bcontact\b",
        rules=(
            (
                "herkunft",
                r"\bcome from\b|\bcomes from\b|\borigin|\broots?\b|\bhistory\b|"
                r"\bwhen did\b.{0,40}\b(?:start|begin|emerge|arise|appear)",
                r"salaf|wahhab",
                True,
            ),
            (
                "was_tun_angehoerige",
                r"\bwhat (?:can|could|should|do|shall) (?:i|we)\b.{0,20}\bdo\b|"
                r"\bhow (?:can|could|should|do) (?:i|we) (?:help|react|respond|deal)\b|"
                r"\bwhat (?:can|should) (?:parents|relatives|families|family members) do\b",
                "",
                False,
            ),
            (
                "warnzeichen",
                r"\bwarning signs?\b|\bsigns of\b|\bred flags?\b|"
                r"\bhow (?:can|do|would|could) (?:i|we|you|one) (?:tell|know|recogni[sz]e|"
                r"notice|spot)\b",
                "",
                False,
            ),
            (
                "warum_jugendliche",
                r"\bwhy\b.{0,60}\b(?:join|become|turn|drawn|attracted|radicali[sz]|fall for)|"
                r"\bwhat (?:draws|attracts|drives|leads|makes)\b.{0,40}\b(?:young|people|teen|"
                r"youth|kids)",
                "",
                False,
            ),
            (
                "salafismus_islam",
                r"(?:salaf\w*.{0,40}\bislam\b|\bislam\b.{0,40}salaf\w*).{0,40}\b(?:same|"
                r"different|differ|differs|difference|equal|identical|part of)\b|"
                r"\b(?:same|different|difference|differ|differs|distinguish)\b.{0,40}"
                r"(?:salaf\w*.{0,40}\bislam\b|\bislam\b.{0,40}salaf)|"
                r"salaf\w*.{0,40}\b(?:same|different|differ|differs|equal|identical|part of)\b"
                r".{0,40}\bislam\b|\bis salaf\w* (?:real |true |normal |just |simply )?islam\b",
                "",
                True,
            ),
            (
                "gewaltbereiter_salafismus",
                r"\b(?:violent|violence|militant|armed|political)\b.{0,30}salaf|"
                r"salaf\w*.{0,30}\b(?:violent|violence|dangerous|militant)\b|\bjihad",
                "",
                True,
            ),
            (
                "zahlen",
                r"\bhow many\b|\bnumber of\b|\bfigures?\b|\bstatistic",
                _EN_TOPIC,
                True,
            ),
            (
                "schwerpunkte",
                r"\bwhere\b|\bwhich (?:cities|towns|regions|areas|places)\b",
                _EN_TOPIC,
                True,
            ),
            ("islamismus", r"islamis[mt]", "", True),
            ("salafismus", r"salaf|wahhab", "", True),
        ),
    ),
    "tr": _Words(
        question=r"\?|nedir|ne demek|ne anlama|neden|niçin|niye|nereden|nerede|hangi|\bkaç\b|"
        r"kimdir|kimler|ne zaman|nasıl|ne yap|fark|aynı mı|\bm[iıuü](?:dır|dir|dur|dür)?\b|"
        r"anlat|açıkla",
        story=r"endişe|endise|kaygı|kaygi|korku|korkuyorum|\boğlum|\boglum|\bkızım|\bkizim|"
        r"\bkardeşim|\bkardesim|\bçocuğum|\bcocugum|\byeğenim|\byegenim|\beşim|\bablam|"
        r"\babim|\barkadaşım|\barkadasim|\btorunum",
        referral=r"danışma|danisma|danışman|destek|merkez|yakınımda",
        rules=(
            (
                "herkunft",
                r"nereden|kökeni|kökenleri|kökeni|kaynağı|tarihi|"
                r"ne zaman (?:ortaya çıktı|başladı|çıktı|doğdu)",
                r"selef|vehhab",
                True,
            ),
            (
                "was_tun_angehoerige",
                r"ne yapabilirim|ne yapmalıyım|ne yapmam gerek|ne yapabiliriz|ne yapmalıyız|"
                r"ne yapmali|ne yapabilir(?:im|iz)|nasıl yardım(?:cı olabilirim| edebilirim)|"
                r"nasıl davranmalıyım",
                "",
                False,
            ),
            (
                "warnzeichen",
                r"uyarı işaret|uyari isaret|işaretleri|isaretleri|belirtileri|nasıl anla|"
                r"nasıl fark ed|nasıl tanı",
                "",
                False,
            ),
            (
                "warum_jugendliche",
                r"(?:neden|niçin|niye).{0,60}(?:katıl|katil|radikalleş|selefi ol|bağlan|"
                r"kapıl|yönel)|gençler.{0,40}(?:neden|niçin|niye)",
                "",
                False,
            ),
            (
                "salafismus_islam",
                r"(?:selef\w*.{0,40}slam(?!c)|slam(?!c)\w*.{0,40}selef\w*).{0,40}"
                r"(?:aynı|ayni|fark)|selef\w* (?:\w+ )?slam(?!c)\w* m[iı]",
                "",
                True,
            ),
            (
                "gewaltbereiter_salafismus",
                r"şiddet\w*.{0,30}selef|selef\w*.{0,30}şiddet|cihat|cihad|siyasi selef",
                "",
                True,
            ),
            ("zahlen", r"\bkaç\b|\bkac\b|sayısı|sayıları|rakam|istatistik", _TR_TOPIC, True),
            ("schwerpunkte", r"nerede|nerelerde|hangi (?:şehir|bölge|kent|il)", _TR_TOPIC, True),
            ("islamismus", r"slamc", "", True),
            ("salafismus", r"selef|vehhab", "", True),
        ),
    ),
    "ar": _Words(
        question=r"\?|؟|ما هي|ما هو|ماهي|ماهو|ما معنى|ماذا تعني|ماذا يعني|ما المقصود|من هم|"
        r"لماذا|ليش|ما الفرق|\bهل\b|كيف|\bكم\b|أين|اين|متى|ماذا|\bما\b|عرف|اشرح",
        story=r"قلق|خائف|خايف|أخاف|اخاف|خوف|\b(?:ابني|ابنتي|بنتي|ولدي|أخي|اخي|أختي|اختي|"
        r"زوجي|زوجتي|صديقي|صديقتي|حفيدي)\b",
        referral=r"استشار|مركز|دعم|نصيحة",
        rules=(
            (
                "herkunft",
                r"من (?:أين|اين) (?:جاءت|جاء|أتت|اتت|تأتي|تاتي|يأتي|ياتي|نشأ|نشأت)|أصل|اصل|"
                r"جذور|نشأة|نشاة|تاريخ|متى (?:ظهر|ظهرت|نشأ|نشأت|بدأ|بدأت|بدا|بدات)",
                r"سلف|وهاب",
                True,
            ),
            (
                "was_tun_angehoerige",
                r"ماذا (?:يمكنني|أستطيع|استطيع|يجب|علي|عليّ|نفعل|أفعل|افعل|يمكن)|"
                r"ما الذي (?:يمكنني|أستطيع|استطيع|علي)|كيف (?:أساعد|اساعد|أتصرف|اتصرف|أتعامل|"
                r"اتعامل)|شو (?:بعمل|لازم اعمل)",
                "",
                False,
            ),
            (
                "warnzeichen",
                r"علامات|مؤشرات|إشارات|اشارات|كيف (?:أعرف|اعرف|ألاحظ|الاحظ|أميز|اميز)",
                "",
                False,
            ),
            (
                "warum_jugendliche",
                r"(?:لماذا|ليش)\b.{0,60}(?:ينضم|يتطرف|ينجذب|يصبح|ينخرط|يلتحق)|"
                r"ما الذي يجذب",
                "",
                False,
            ),
            (
                "salafismus_islam",
                r"(?:سلف\w*.{0,40}[إا]سلام(?!وي)|[إا]سلام(?!وي)\w*.{0,40}سلف).{0,40}"
                r"(?:نفس|مثل|الفرق|فرق|يختلف|تختلف|جزء)|"
                r"(?:نفس|مثل|الفرق|فرق|يختلف|تختلف)\w*.{0,40}(?:سلف\w*.{0,40}[إا]سلام(?!وي)|"
                r"[إا]سلام(?!وي)\w*.{0,40}سلف)|سلف\w* (?:هي|هو) (?:ال)?[إا]سلام(?!وي)|"
                r"سلف\w*.{0,40}(?:نفس|مثل|يختلف|تختلف|جزء).{0,40}[إا]سلام(?!وي)",
                "",
                True,
            ),
            (
                "gewaltbereiter_salafismus",
                r"جهاد|عنيف|سلف\w*.{0,30}(?:عنف|مسلح)|(?:عنف|مسلح)\w*.{0,30}سلف|"
                r"السلفية السياسية|السلفيون السياسيون",
                "",
                True,
            ),
            ("zahlen", r"\bكم\b|عدد|أرقام|ارقام|إحصا|احصا", _AR_TOPIC, True),
            ("schwerpunkte", r"أين|اين|أي (?:مدن|مدينة|منطقة|مناطق)", _AR_TOPIC, True),
            (
                "islamismus",
                r"[إا]سلاموي|(?:الإسلام|الاسلام) السياسي|[إا]سلامي(?:ون|ين)\b",
                "",
                True,
            ),
            ("salafismus", r"سلف|وهاب", "", True),
        ),
    ),
    "ru": _Words(
        question=r"\?|что такое|что значит|что означает|кто такие|почему|зачем|откуда|\bгде\b|"
        r"сколько|\bкак\b|\bкаки|\bчем\b|разниц|\bли\b|объясни|расскажи|\bчто\b",
        story=r"беспоко|волну|пережива|боюсь|страшн|тревожусь|мне тревожно|\bсын|\bдоч|"
        r"\bбрат|\bсестр|\bребен|\bребён|\bмуж\b|\bжена\b|\bплемянни|\bвнук|\bон\b|\bона\b",
        referral=r"консульт|помощ|центр|поддерж|обратиться|рядом",
        rules=(
            (
                "herkunft",
                r"откуда|происхожд|корни|истори|когда (?:появил|возник)",
                r"салаф|ваххаб",
                True,
            ),
            (
                "was_tun_angehoerige",
                r"что (?:мне|нам) (?:с)?делать|что (?:я|мы) (?:могу|можем|должен|должна|должны)"
                r" (?:с)?делать|что (?:можно|нужно|надо) (?:с)?делать|что делать|"
                r"как (?:мне |я могу |можно )?помочь|как (?:себя вести|реагировать)",
                "",
                False,
            ),
            (
                "warnzeichen",
                r"признак|тревожн\w* сигнал|как (?:понять|узнать|распознать|заметить)",
                "",
                False,
            ),
            (
                "warum_jugendliche",
                r"(?:почему|зачем|отчего)\b.{0,60}(?:вступа|присоедин|радикализ|станов|уход|"
                r"попада|тянет|привлека)|что (?:привлекает|толкает)",
                "",
                False,
            ),
            (
                "salafismus_islam",
                r"(?:салаф\w*.{0,40}ислам(?!и[зс])|ислам(?!и[зс])\w*.{0,40}салаф\w*).{0,40}"
                r"(?:то же|одно|разниц|отлича|отличи|равн|часть)|"
                r"(?:то же|одно и то же|разниц|отлича|отличи)\w*.{0,40}"
                r"(?:салаф\w*.{0,40}ислам(?!и[зс])|ислам(?!и[зс])\w*.{0,40}салаф)|"
                r"салаф\w*\W+(?:это\W+)?(?:и есть\W+)?ислам(?!и[зс])\w*\W*$|"
                r"салаф\w*.{0,40}(?:то же|отлича|отличи|часть).{0,40}ислам(?!и[зс])",
                "",
                True,
            ),
            (
                "gewaltbereiter_salafismus",
                r"джихад|насильств\w*.{0,20}салаф|салаф\w*.{0,30}насили|воинствующ|"
                r"политическ\w* салаф",
                "",
                True,
            ),
            ("zahlen", r"сколько|числ|количеств|статистик|цифр", _RU_TOPIC, True),
            ("schwerpunkte", r"\bгде\b|в как\w* (?:город|регион|район)", _RU_TOPIC, True),
            ("islamismus", r"ислами[зс]", "", True),
            ("salafismus", r"салаф|ваххаб", "", True),
        ),
    ),
    "uk": _Words(
        question=r"\?|що таке|що означає|що значить|хто такі|чому|навіщо|звідки|\bде\b|"
        r"скільки|\bяк\b|\bякі|\bчим\b|різниц|\bчи\b|поясни|розкажи|\bщо\b",
        story=r"хвилю|турбу|тривожусь|боюся|страшно|пережива|\bсин|\bдоньк|\bдочк|\bбрат|"
        r"\bсестр|\bдитин|\bчолов|\bдружин|\bплемінни|\bонук|\bвін\b|\bвона\b",
        referral=r"консульт|допомог|центр|підтрим|звернутися|поруч",
        rules=(
            (
                "herkunft",
                r"звідки|походжен|коріння|корені|істор|коли (?:з'явив|з’явив|виник)",
                r"салаф|ваххаб",
                True,
            ),
            (
                "was_tun_angehoerige",
                r"що (?:мені|нам) (?:з)?робити|що (?:я|ми) (?:можу|можемо|маю|маємо|повинен|"
                r"повинна|повинні) (?:з)?робити|що (?:можна|треба|потрібно) (?:з)?робити|"
                r"що робити|як (?:мені |я можу |можна )?допомогти|як (?:поводитися|реагувати)",
                "",
                False,
            ),
            (
                "warnzeichen",
                r"ознак|тривожн\w* сигнал|як (?:зрозуміти|дізнатися|розпізнати|помітити)",
                "",
                False,
            ),
            (
                "warum_jugendliche",
                r"(?:чому|навіщо)\b.{0,60}(?:вступа|приєдну|радикаліз|стають|йдуть|потрапляють|"
                r"тягне|приваблю)|що (?:приваблює|штовхає)",
                "",
                False,
            ),
            (
                "salafismus_islam",
                r"(?:салаф\w*.{0,40}іслам(?!іс|із)|іслам(?!іс|із)\w*.{0,40}салаф\w*).{0,40}"
                r"(?:те саме|одне|різниц|відрізня|відмінн|частина)|"
                r"(?:те саме|одне й те саме|одне і те саме|різниц|відрізня)\w*.{0,40}"
                r"(?:салаф\w*.{0,40}іслам(?!іс|із)|іслам(?!іс|із)\w*.{0,40}салаф)|"
                r"салаф\w*\W+(?:це\W+)?іслам(?!іс|із)\w*\W*$|"
                r"салаф\w*.{0,40}(?:те саме|відрізня|частина).{0,40}іслам(?!іс|із)",
                "",
                True,
            ),
            (
                "gewaltbereiter_salafismus",
                r"джихад|насильницьк\w*.{0,20}салаф|салаф\w*.{0,30}насильств|войовнич|"
                r"політичн\w* салаф",
                "",
                True,
            ),
            ("zahlen", r"скільки|кількіст|числ|статистик|цифр", _UK_TOPIC, True),
            ("schwerpunkte", r"\bде\b|(?:в|у) як\w* (?:міст|регіон|район)", _UK_TOPIC, True),
            ("islamismus", r"ісламіз|ісламіст", "", True),
            ("salafismus", r"салаф|ваххаб", "", True),
        ),
    ),
}


def _knowledge_rules(code: str, *, origin: bool) -> list[tuple[IntentGuess, str]]:
    """The knowledge rules of a language: only the origin question (``origin``, checked before
    the trust questions) or all others (checked before the worry)."""
    words = _KNOWLEDGE_WORDS[code]
    return [
        (_wissen(key), _knowledge_rule(words, key, body, topic, referral))
        for key, body, topic, referral in words.rules
        if (key == "herkunft") == origin
    ]


# (guess, pattern) per language, first match wins: deletion (only with its object: "my son
# deleted his friends" is no request) and privacy before the trust
# questions, those before worry and referral (a question about the cost of counselling is a
# trust question), the conversational intents last.
_PATTERNS: dict[str, list[tuple[IntentGuess, str]]] = {
    "en": [
        (
            IntentGuess("delete_conversation"),
            r"\b(delete|erase|remove)\b.{0,30}\b(chat|conversation|messages?|data|history)\b|"
            # a request that starts with the verb ("please delete everything I wrote"); a
            # story ("my son wants to delete everything") does not start with it
            r"^\W*(?:(?:can|could|would) you |please )?(?:delete|erase|remove)\b.{0,12}"
            r"\b(?:everything|all|it|this|that|what i (?:wrote|said|typed))\b",
        ),
        (
            IntentGuess("ask_privacy"),
            r"\bprivacy\b|\bdata protection\b|\bmy data\b|"
            r"\b(store|stored|save|saved|keep)\b.*\b(data|messages|chat|conversation)\b",
        ),
        *_knowledge_rules("en", origin=True),
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
        *_knowledge_rules("en", origin=False),
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
        *_knowledge_rules("tr", origin=True),
        (AUTHORITIES, r"\bpolis|\bdevlet|\byetkili|\bmakam|istihbarat|gençlik dairesi|ihbar"),
        (CONFIDENTIAL, r"\bgizli|aramızda|başkasına söyle"),
        (COST, r"ücret|\bpara\b|bedava|masraf|kaç para"),
        (ANONYMOUS, r"anonim|isimsiz|\badımı|\bismimi|adımı vermeden"),
        (VOLUNTARY, r"gönüllü|zorunda mı|mecbur"),
        (HOURS, r"\bsaat|ne zaman|ulaşabilir|açık mı"),
        *_knowledge_rules("tr", origin=False),
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
            r"(احذف|حذف|امسح|مسح).{0,30}(محادث|دردش|رسائل|بيانات)|"
            # the imperative ("احذفوها", "امسح كل شي"), not the past tense of a story ("حذف")
            r"^\W*(?:\S+\s+)?(?:احذف|امسح)\w*",
        ),
        (IntentGuess("ask_privacy"), r"بيانات|خصوصية|تحفظ|تخزن|تخزين|حفظ"),
        *_knowledge_rules("ar", origin=True),
        (AUTHORITIES, r"شرطة|السلطات|مخابرات|الحكومة|الأمن|رعاية الشباب|تبليغ"),
        (CONFIDENTIAL, r"سري|سرية|بيننا"),
        (COST, r"تكلف|مجان|بالمجان|مال|دفع|رسوم|سعر"),
        (ANONYMOUS, r"مجهول|اسمي|دون اسم|بدون اسم|دون ذكر"),
        (VOLUNTARY, r"طوعي|إجباري|مضطر|ملزم"),
        (HOURS, r"ساعات|متى|مواعيد|الوصول"),
        *_knowledge_rules("ar", origin=False),
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
            r"(удал|сотр)\w*\W.{0,30}(чат|разговор|переписк|сообщени|данн|истори)|"
            # the imperative ("удалите всё"), not the past tense of a story ("удалила друзей")
            r"\b(?:удали|удалите|сотри|сотрите)\b",
        ),
        (IntentGuess("ask_privacy"), r"данн|сохраня|хран|приватн"),
        *_knowledge_rules("ru", origin=True),
        (AUTHORITIES, r"полици|власт|спецслужб|ведомств|органы|донос|ювенальн"),
        (CONFIDENTIAL, r"конфиденциальн|секрет|между нами|передадут|передают"),
        (COST, r"стоит|бесплатн|плат|деньг|цена|стоимост"),
        (ANONYMOUS, r"аноним|без имени|моё имя|мое имя|назвать имя"),
        (VOLUNTARY, r"добровольн|обязан|обязательно"),
        (HOURS, r"часы работы|когда можно|время работы|связаться|дозвониться"),
        *_knowledge_rules("ru", origin=False),
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
            r"(видал|стер)\w*\W.{0,30}(чат|розмов|переписк|повідомлен|дан|істор)|"
            # the imperative ("видаліть, будь ласка"), not the past tense ("видалив друзів")
            r"\b(?:видали|видаліть|зітри|зітріть)\b",
        ),
        (IntentGuess("ask_privacy"), r"даних|дані|зберіга|приватн"),
        *_knowledge_rules("uk", origin=True),
        (AUTHORITIES, r"поліці|влад|спецслужб|органи|донос|служб[аиу] у справах"),
        (CONFIDENTIAL, r"конфіденційн|таємн|між нами|передадуть|передають"),
        (COST, r"кошту|безкоштовн|плат|грош|ціна|вартіст"),
        (ANONYMOUS, r"анонім|без імені|моє ім|назвати ім"),
        (VOLUNTARY, r"добровільн|зобов'язан|обов'язково|обов’язково"),
        (HOURS, r"години роботи|коли можна|час роботи|зв'язатися|зв’язатися|додзвонитися"),
        *_knowledge_rules("uk", origin=False),
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


# ------------------------------------------------------------------ answers to "who is this about?"
# Short self-descriptions only: the whole message (up to AUDIENCE_MAX_WORDS words, after
# ``_normalise``) must be one of these forms, so "I am worried about my son" (a worry) or
# "my mother is sick" (a story) never become an audience answer. Turkish and English are
# matched without accents (ç ğ ı ö ş ü -> c g i o s u), Arabic without vowel signs and with
# one alef (أ إ آ -> ا, ة -> ه, ى -> ي), Russian with е for ё. First match wins: exit,
# affected, professionals (before teachers: "school social worker"), teachers, relatives.
AUDIENCE_MAX_WORDS = 8

_EN_DET = r"(?:(?:a|an|the|his|her|their|one of (?:his|her|their|the)) )?"
_EN_TAIL = (
    r"(?: (?:of|to|for|from) (?:him|her|them|his|hers|theirs|this \w+|that \w+|the \w+(?: \w+)?|"
    r"a \w+(?: \w+)?))?"
)
_EN_I = r"(?:(?:i am|im|i m|we are|were|as|speaking as|writing as)(?: (?:just|only|actually))? )?"
_EN_REL = (
    r"(?:(?:step|foster|god|grand|great|big|older|elder|younger|little|half|best|close) ?)*"
    r"(?:mother|mom|mum|mommy|mummy|mama|father|dad|daddy|papa|parent|sister|sis|brother|bro|"
    r"sibling|aunt|auntie|aunty|uncle|grandmother|grandma|granny|grandfather|grandpa|"
    r"grandparent|cousin|niece|nephew|wife|husband|spouse|partner|girlfriend|boyfriend|"
    r"fiancee?|friend|mate|buddy|relative|family member|family|neighbou?r|son|daughter|"
    r"guardian)s?(?: in law)?"
)
_EN_PRO = (
    r"(?:(?:school|youth|social|family|street|case|probation|care|support|prison|residential|"
    r"community|mental health|child|children s|childrens|refugee|sports|football) )?"
    r"(?:social worker|social pedagogue|youth worker|street ?worker|case ?worker|"
    r"probation officer|carer|caregiver|care worker|counsell?or|therapist|psychologist|coach|"
    r"trainer|nursery teacher|kindergarten teacher|educator|youth leader|imam|chaplain|"
    r"police officer|policeman|policewoman|professional|practitioner|specialist|mentor|"
    r"employer|boss|instructor|case manager|worker)s?"
)
_EN_PRO_PLACE = (
    r"(?:youth (?:centre|center|club|office|services|work|welfare(?: office)?)|social work|"
    r"social services|children s services|childrens services|a care home|(?:a )?prison|"
    r"(?:a )?(?:sports|football) club|(?:a |the )?(?:counselling|counseling) (?:service|centre|"
    r"center)|refugee (?:shelter|accommodation|home)|young people|youth|teenagers|refugees)"
)
_EN_TEACH = (
    r"(?:(?:class|form|head|primary school|secondary school|high school|school|religion|"
    r"religious education|trainee|student|supply|substitute|art|sports|pe|maths?|english|"
    r"german) )?(?:teacher|headteacher|headmaster|headmistress|principal|teaching staff)s?"
)
_EN_SCHOOL = r"(?:(?:a|the|his|her|their|our|my) )?(?:\w+ )?(?:school|college|class)"

_TR_I = r"(?:(?:ben|biz) )?(?:(?:onun|bu|o) )?(?:(?:cocugun|gencin|oglanin|kizin|kisinin) )?"
_TR_REL_V = (  # relatives ending in a vowel: anne -> annesi, annesiyim, anneyim
    r"(?:anne|baba|abla|abi|agabey|teyze|hala|amca|dayi|nine|babaanne|anneanne|dede|"
    r"buyukanne|buyukbaba|yenge|eniste|aile|veli|komsu|koca|kari|akraba|nisanli|sevgili)"
    r"(?:s[iu](?:y[iu]m|y[iu]z)?|y[iu]m|y[iu]z|ler[iu]y[iu]z)?"
)
_TR_REL_C = (  # relatives ending in a consonant: kardes -> kardesi, kardesiyim ("kardesim" is
    # "my brother": a worry)
    r"(?:(?:kiz|erkek|uvey|yakin|en yakin) )?(?:kardes|arkadas|kuzen|yegen|es|yakin|ebeveyn)"
    r"(?:[iu](?:y[iu]m|y[iu]z)?|ler[iu](?:y[iu]z)?)?"
)
_TR_TEACH = (
    r"(?:(?:sinif|din|lise|ilkokul|ortaokul|brans|okul|okulda|lisede|okulunda) )?"
    r"(?:ogretmen(?:i(?:y[iu]m|y[iu]z)?|im|iz|ler[iu](?:y[iu]z)?|ler)?|hoca(?:s[iu](?:y[iu]m)?|"
    r"y[iu]m)?|okul mudur[u](?:y[iu]m)?|mudur yardimcisi(?:y[iu]m)?|egitimci(?:y[iu]m)?)"
)
_TR_PRO = (
    r"(?:sosyal hizmet uzmani(?:y[iu]m)?|sosyal (?:calismaci|calisan|pedagog)\w*|"
    r"genclik (?:calisani|calismacisi|calisanlari|hizmetleri|dairesi|merkezi)\w*|"
    r"uzman(?:[iu]m|[iu]z)?|egitmen(?:[iu]m)?|antrenor(?:[iu]m|u(?:y[iu]m)?)?|"
    r"danisman(?:[iu]m|i(?:y[iu]m)?)?|psikolog(?:[iu]m)?|terapist(?:[iu]m)?|imam(?:[iu]m)?|"
    r"polis(?:[iu]m)?|rehber ogretmen(?:[iu]m|i(?:y[iu]m)?)?|bakici(?:y[iu]m)?|"
    r"sosyal hizmetler\w*)"
)
_TR_PRO_PLACE = (
    r"(?:genclik (?:merkezinde|dairesinde|hizmetlerinde|calismasinda)|sosyal hizmetlerde|"
    r"cezaevinde|yurtta|dernekte|kulupte|danisma merkezinde|belediyede|gencler ile|genclerle)"
)

_AR_I = r"(?:(?:انا|نحن|احنا|اني)(?: (?:مجرد|فقط|بس))? )?"
_AR_REL = (
    r"(?:ام|امه|امها|امهم|الام|والدته|والدتها|الوالده|ماما|مامته|مامتها|اب|ابوه|ابوها|الاب|"
    r"والده|والدها|الوالد|بابا|باباه|ابوي|بيه|اخت|اخته|اختها|الاخت|اخ|اخوه|اخوها|الاخ|خيه|خيو|"
    r"عمه|عمها|عمته|عمتها|خاله|خالها|خالته|خالتها|جده|جدها|جدته|جدتها|الجد|الجده|ستو|تيته|"
    r"صديقه|صديقها|صديقته|صديقتها|صديق|صاحبه|صاحبها|صاحبته|رفيقه|زوجته|زوجها|مرته|جوزها|"
    r"الزوج|الزوجه|قريبه|قريبها|قريبته|اهله|اهلها|الاهل|والديه|والداه|ولي امره|ولي امرها|"
    r"(?:ابن|بنت) (?:عمه|عمها|خاله|خالها|عمته|خالته)|"
    r"من (?:اقاربه|اقاربها|الاقارب|عائلته|عائلتها|العائله|اهله|اهلها|الاهل|اصدقائه|اصدقائها|"
    r"الاصدقاء)(?: (?:او|و) (?:من )?(?:الاصدقاء|الاقارب|اصدقائه|اصدقائها))?|"
    r"(?:ام|ابو|اب|اخت|اخو|والد|والده) (?:ال\w+|\w+))"
)
_AR_TEACH = (
    r"(?:(?:ك|ب)?(?:معلم|معلمه|المعلم|معلمته|معلمها|مدرس|مدرسه|المدرس|المدرسه|مدرسته|مدرسها|"
    r"استاذ|استاذه|الاستاذ|استاذته|استاذها|مدير المدرسه|مديره المدرسه|مدير مدرسه)"
    r"(?: ه)?(?: (?:او )?(?:من|في|ب) (?:ال)?مدرس\w*(?: \w+)?)?|"
    r"(?:من|في) (?:ال)?مدرس\w*(?: \w+)?|"
    r"(?:اعمل|اشتغل|بشتغل|بشتغل) (?:في|ب) (?:ال)?مدرس\w*(?: \w+)?|"
    r"(?:اعمل|اشتغل|بشتغل) (?:ك)?(?:معلم|مدرس|استاذ)\w*)"
)
_AR_PRO = (
    r"(?:(?:اخصائي|اخصائيه|عامل|عامله|باحث|باحثه|مرشد|مرشده|موظف|موظفه)(?: (?:اجتماعي|"
    r"اجتماعيه|نفسي|نفسيه))?|مختص(?: ?ه)?|مربي|مربيه|مدرب|مدربه|مستشار|مستشاره|معالج|"
    r"معالجه|معالج نفسي|امام|شرطي|(?:اعمل|اشتغل|بشتغل) (?:في|ب|مع) (?:رعايه الشباب|مكتب رعايه "
    r"الشباب|مركز (?:ال)?شباب|(?:ال)?شباب|العمل الاجتماعي|الخدمه الاجتماعيه|دار رعايه|مركز "
    r"\w+))(?: (?:مثل|مثلا) العمل مع الشباب)?"
)

_RU_I = r"(?:(?:я|мы)(?: (?:просто|только))? )?"
_RU_POSS = r"(?:(?:его|ее|их|этого \w+|этой \w+) )?"
_RU_REL = (
    r"(?:(?:старш|младш|родн|двоюродн|сводн|лучш|близк)\w* )?"
    r"(?:мама|мать|отец|папа|родители|родитель|сестра|брат|тетя|тетка|дядя|бабушка|дедушка|"
    r"дед|бабуля|жена|муж|супруг|супруга|подруга|друг|приятель|приятельница|девушка|парень|"
    r"родственни\w*|родня|семья|из семьи|опекун\w*|мачеха|отчим|невеста|жених|кузен\w*|"
    r"кузина|племянни\w*|соседка|сосед|крестн\w*|знаком\w*)"
)
_RU_PRO = (
    r"(?:социальн\w* (?:работни\w*|педагог\w*)|соцработни\w*|соцпедагог\w*|"
    r"работни\w* (?:с молодежью|молодежн\w* \w+|социальн\w* \w+)|специалист\w*|психолог\w*|"
    r"психотерапевт\w*|терапевт\w*|тренер\w*|воспитател\w*|куратор\w*|консультант\w*|имам|"
    r"полицейск\w*|стритворкер\w*|наставни\w*|"
    r"(?:я )?работаю (?:с молодежью|с подростками|в молодежн\w* \w+|в социальн\w* \w+|"
    r"в югендамте|в центре \w+|в \w+ службе))(?: например работа с молодежью)?"
)
_RU_TEACH = (
    r"(?:(?:его|ее|их) )?(?:классн\w* руководител\w*|учител\w*|учительниц\w*|преподавател\w*|"
    r"педагог\w*|директор\w* школы|завуч\w*|школа|из школы|работаю в (?:школе|гимназии|"
    r"лицее|колледже))(?: (?:в|из) (?:школ\w*|гимнази\w*|лице\w*|колледж\w*)| школа)?"
)

_UK_I = r"(?:(?:я|ми)(?: (?:просто|лише|тільки))? )?"
_UK_POSS = r"(?:(?:його|її|їх|цього \w+|цієї \w+) )?"
_UK_REL = (
    r"(?:(?:старш|молодш|рідн|двоюрідн|зведен|найкращ|близьк)\w* )?"
    r"(?:мама|мати|батько|тато|батьки|сестра|брат|тітка|дядько|бабуся|баба|дідусь|дід|"
    r"дружина|чоловік|подруга|друг|приятель|приятелька|дівчина|хлопець|родич\w*|рідні|"
    r"сім'я|родина|з родини|опікун\w*|мачуха|вітчим|наречена|наречений|кузен\w*|кузина|"
    r"племінни\w*|сусід\w*|хрещен\w*|знайом\w*)"
)
_UK_PRO = (
    r"(?:соціальн\w* (?:працівни\w*|педагог\w*)|соцпрацівни\w*|соцпедагог\w*|"
    r"працівни\w* (?:з молоддю|молодіжн\w* \w+|соціальн\w* \w+)|фахів\w*|спеціаліст\w*|"
    r"психолог\w*|психотерапевт\w*|терапевт\w*|тренер\w*|вихователь\w*|виховател\w*|"
    r"консультант\w*|куратор\w*|імам|поліцейськ\w*|наставни\w*|"
    r"(?:я )?працюю (?:з молоддю|з підлітками|в молодіжн\w* \w+|у молодіжн\w* \w+|"
    r"в соціальн\w* \w+|у соціальн\w* \w+|в центрі \w+|у центрі \w+|в службі \w+(?: \w+)*|"
    r"у службі \w+(?: \w+)*))(?: наприклад робота з молоддю)?"
)
_UK_TEACH = (
    r"(?:(?:його|її|їх) )?(?:класн\w* керівни\w*|вчител\w*|вчительк\w*|учител\w*|"
    r"учительк\w*|викладач\w*|педагог\w*|директор\w* школи|завуч\w*|школа|зі школи|з школи|"
    r"працюю (?:в|у) (?:школі|гімназії|ліцеї|коледжі))"
    r"(?: (?:в|у|зі|з) (?:школ\w*|гімназі\w*|ліце\w*|коледж\w*)| школа)?"
)

_AUDIENCE_PATTERNS: dict[str, list[tuple[str, str]]] = {
    "en": [
        (
            "exit",
            r"(?:i (?:want|wanna|would like|d like|need|am trying|m trying|m going) (?:to )?"
            r"(?:get out|leave|quit|exit|get away|break away|drop out)|i want out|"
            r"(?:how (?:can|do) i )?(?:get out|leave|quit))"
            r"(?: (?:of|from))? (?:the|this|that|my|these) (?:\w+ )?"
            r"(?:scene|group|movement|circle|community|milieu|environment|network|people)|"
            r"i want (?:to get )?out|(?:i am |im |i was )?(?:a )?(?:former|ex) "
            r"(?:member|salafist|extremist)(?: of (?:the|this) \w+)?",
        ),
        (
            "affected",
            r"(?:(?:it is|its|this is|it s) )?(?:about|for|regarding|concerning) (?:me|myself)"
            r"(?: personally)?|(?:it is|its|this is) me|me(?: myself| personally)?|myself|"
            r"(?:i am|im) (?:the one )?(?:affected|concerned)|(?:i am |im )?asking for myself|"
            r"(?:it|this) concerns me|i need help for myself|for me",
        ),
        (
            "professionals",
            rf"{_EN_I}{_EN_DET}{_EN_PRO}{_EN_TAIL}(?: (?:at|in) (?:a|the) \w+(?: \w+)?)?|"
            rf"(?:i |we )?work (?:in|at|for|with) (?:a |the |an )?{_EN_PRO_PLACE}|"
            r"i am a professional e g youth work|im a professional e g youth work",
        ),
        (
            "teachers",
            rf"{_EN_I}{_EN_DET}{_EN_TEACH}{_EN_TAIL}(?: (?:at|in|of) {_EN_SCHOOL})?"
            r"(?: school)?|"
            rf"(?:i |we )?teach(?: (?:at|in) {_EN_SCHOOL})?|"
            rf"(?:i |we )?work (?:at|in|for) {_EN_SCHOOL}|(?:(?:from|at|its) )?{_EN_SCHOOL}",
        ),
        (
            "relatives",
            rf"{_EN_I}{_EN_DET}{_EN_REL}(?: (?:or|and) (?:a |an )?{_EN_REL})?{_EN_TAIL}",
        ),
    ],
    "tr": [
        (
            "exit",
            r"(?:(?:bu|o) )?(?:ortamdan|gruptan|cevreden|sahneden|cemaatten|yapidan|orgutten|"
            r"selefi ortamdan|bu isten|bunlardan) (?:cikmak|ayrilmak|kurtulmak|uzaklasmak) "
            r"istiyorum|(?:cikmak|ayrilmak) istiyorum",
        ),
        (
            "affected",
            r"(?:(?:bu|konu|mesele|durum) )?(?:benimle ilgili|kendimle ilgili|benim hakkimda|"
            r"kendim hakkinda|kendim icin|benim icin|ben kendim|kendim|benim|ben)"
            r"(?: soruyorum| yaziyorum)?",
        ),
        (
            "professionals",
            rf"{_TR_I}{_TR_PRO}(?: (?:or|ornegin|mesela) genclik hizmetleri)?|"
            rf"(?:ben )?(?:bir )?{_TR_PRO_PLACE} calisiyorum",
        ),
        (
            "teachers",
            rf"{_TR_I}{_TR_TEACH}(?: okul)?|(?:ben )?(?:bir )?(?:okulda|lisede) "
            r"(?:calisiyorum|ogretmenim)|okul(?:dan|u|dan ariyorum|dan yaziyorum)?",
        ),
        (
            "relatives",
            rf"{_TR_I}(?:{_TR_REL_V}|{_TR_REL_C})(?: (?:ya da|veya|ve) "
            rf"(?:{_TR_REL_V}|{_TR_REL_C}))?(?: olarak)?",
        ),
    ],
    "ar": [
        (
            "exit",
            r"(?:انا )?(?:اريد|بدي|عايز|عاوز|ابغي|ابي|حاب|اود|ارغب في|نفسي) (?:ان )?"
            r"(?:اخرج|الخروج|اطلع|اترك|ترك|انسحب|الانسحاب|ابتعد|الابتعاد)(?: من)?"
            r"(?: (?:هذا|هذه|هاد|هادا|هاي) ?)?(?: ?(?:الوسط|الجماعه|المجموعه|الجو|البيئه|"
            r"المشهد|التيار|الشله|جماعه|مجموعه|وسط|هم|هؤلاء))?",
        ),
        (
            "affected",
            r"(?:(?:الامر|الموضوع|السؤال) )?(?:يتعلق بي|عني|يخصني|بخصوصي)|عن نفسي|"
            r"(?:انا )?(?:اسال )?(?:عن نفسي|لنفسي)|انا نفسي|نفسي|انا المعني|"
            r"انا الشخص المعني|انا",
        ),
        ("professionals", rf"{_AR_I}{_AR_PRO}"),
        ("teachers", rf"{_AR_I}{_AR_TEACH}"),
        ("relatives", rf"{_AR_I}{_AR_REL}(?: (?:او|و) {_AR_REL})?"),
    ],
    "ru": [
        (
            "exit",
            r"(?:я )?(?:хочу|хотел бы|хотела бы|пытаюсь|мне нужно|мне надо|помогите) "
            r"(?:выйти|уйти|вырваться|выбраться|порвать)(?: (?:из|от|с) (?:\w+ )?"
            r"(?:сред\w*|групп\w*|движени\w*|тусовк\w*|общин\w*|сообществ\w*|секты|"
            r"салафит\w*|ними|них))?|(?:я )?бывш\w+ (?:член\w*|салафит\w*|участни\w*)"
            r"(?: \w+)?",
        ),
        (
            "affected",
            r"(?:(?:речь|это|вопрос|дело) )?(?:идет )?(?:обо мне|про меня|касается меня|"
            r"меня касается)|(?:я )?(?:спрашиваю )?для себя|это я|я сам|я сама|я",
        ),
        ("professionals", rf"{_RU_I}{_RU_PRO}"),
        ("teachers", rf"{_RU_I}{_RU_TEACH}(?: школа)?"),
        ("relatives", rf"{_RU_I}{_RU_POSS}{_RU_REL}(?: (?:или|и) {_RU_REL})?(?: {_RU_POSS})?"),
    ],
    "uk": [
        (
            "exit",
            r"(?:я )?(?:хочу|хотів би|хотіла б|намагаюся|мені треба|мені потрібно|допоможіть) "
            r"(?:вийти|піти|вирватися|вибратися|порвати)(?: (?:з|із|від) (?:\w+ )?"
            r"(?:середовищ\w*|груп\w*|рух\w*|тусовк\w*|громад\w*|спільнот\w*|секти|"
            r"салафіт\w*|ними|них))?|(?:я )?колишн\w+ (?:член\w*|салафіт\w*|учасни\w*)"
            r"(?: \w+)?",
        ),
        (
            "affected",
            r"(?:(?:йдеться|це|питання|мова) )?(?:йде )?(?:про мене|стосується мене|"
            r"мене стосується)|(?:я )?(?:питаю )?для себе|це я|я сам|я сама|я",
        ),
        ("professionals", rf"{_UK_I}{_UK_PRO}"),
        ("teachers", rf"{_UK_I}{_UK_TEACH}(?: школа)?"),
        ("relatives", rf"{_UK_I}{_UK_POSS}{_UK_REL}(?: (?:або|чи|і|й) {_UK_REL})?(?: {_UK_POSS})?"),
    ],
}
# Leading and trailing words that do not change the answer ("yes, I'm his mother", "öğretmenim
# efendim").
_FILLER_START = {
    "en": r"(?:(?:yes|yeah|well|ok|okay|hi|hello|so|um|uh|oh|sorry|hm+) )*",
    "tr": r"(?:(?:evet|ee+|yani|tamam|merhaba|selam|sey) )*",
    "ar": r"(?:(?:نعم|ايوه|اي|طيب|اهلا|مرحبا|السلام عليكم|يعني) )*",
    "ru": r"(?:(?:да|ну|здравствуйте|привет|ок|хорошо) )*",
    "uk": r"(?:(?:так|ну|вітаю|привіт|добре|ок) )*",
}
_FILLER_END = {
    "en": r"(?: (?:here|thanks|thank you|please))*",
    "tr": r"(?: (?:efendim|tesekkurler|saygilar|ben))*",
    "ar": r"(?: (?:شكرا|لو سمحت))*",
    "ru": r"(?: (?:спасибо|пожалуйста))*",
    "uk": r"(?: (?:дякую|будь ласка))*",
}
# When the question was asked, "my son", "o moem syne" name the relative the answer is about.
_AUDIENCE_ASKED: dict[str, list[tuple[str, str]]] = {
    "en": [
        (
            "teachers",
            r"(?:(?:its|it is) )?(?:about )?(?:a |one of )?(?:my|our) (?:students?|pupils?)",
        ),
        (
            "relatives",
            rf"(?:(?:its|it is) )?(?:about )?(?:(?:my|our) )(?:\w+ )?{_EN_REL}",
        ),
    ],
    "tr": [
        ("teachers", r"(?:bir )?ogrenci(?:m|miz|lerimden biri)(?: (?:hakkinda|icin))?"),
        (
            "relatives",
            r"(?:\w+ )?(?:oglum|kizim|kardesim|esim|annem|babam|yegenim|arkadasim|cocugum|"
            r"ablam|abim|kuzenim|kocam|karim|torunum|nisanlim|sevgilim)(?:la|le|dan|den)?"
            r"(?: (?:hakkinda|icin|ile ilgili|ilgili))?",
        ),
    ],
    "ar": [
        ("teachers", r"(?:عن |بخصوص )?(?:احد )?(?:طلابي|تلاميذي|طالب عندي|طالبه عندي|تلميذي)"),
        (
            "relatives",
            r"(?:(?:الامر|الموضوع) )?(?:يتعلق )?(?:عن |بخصوص |ب)?(?:ابني|ابنتي|بنتي|ولدي|"
            r"اخي|اختي|زوجي|زوجتي|امي|ابي|صديقي|صديقتي|ابن اخي|ابن اختي|حفيدي)",
        ),
    ],
    "ru": [
        ("teachers", r"(?:(?:о|об|про) )?мо\w+ (?:учени\w*|студент\w*)"),
        (
            "relatives",
            r"(?:речь (?:идет )?)?(?:(?:о|об|про) )?(?:мо\w+|наш\w+) (?:\w+ )?(?:сын\w*|доч\w*|"
            r"брат\w*|сестр\w*|ребен\w*|муж\w*|жен\w*|друг\w*|подруг\w*|мам\w*|мат\w*|отц\w*|"
            r"отец|пап\w*|племянни\w*|внук\w*|внучк\w*)",
        ),
    ],
    "uk": [
        ("teachers", r"(?:про )?(?:мо\w+|мій) (?:учен\w*|учениц\w*|студент\w*)"),
        (
            "relatives",
            r"(?:йдеться )?(?:про )?(?:мій|мо\w+|наш\w*) (?:\w+ )?(?:син\w*|доньк\w*|доч\w*|"
            r"брат\w*|сестр\w*|дитин\w*|чолов\w*|дружин\w*|друг\w*|подруг\w*|мам\w*|мат\w*|"
            r"батьк\w*|тат\w*|племінни\w*|онук\w*|онучк\w*)",
        ),
    ],
}


def _full_match(code: str, patterns: list[tuple[str, str]]) -> list[tuple[str, re.Pattern[str]]]:
    start, end = _FILLER_START[code], _FILLER_END[code]
    return [(audience, re.compile(rf"{start}(?:{body}){end}")) for audience, body in patterns]


_AUDIENCE_COMPILED = {code: _full_match(code, p) for code, p in _AUDIENCE_PATTERNS.items()}
_AUDIENCE_ASKED_COMPILED = {code: _full_match(code, p) for code, p in _AUDIENCE_ASKED.items()}

_LATIN_FOLD = str.maketrans({"ı": "i", "İ": "i", "I": "i", "’": "'", "ʼ": "'", "`": "'"})
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_CYRILLIC_FOLD = str.maketrans({"ё": "е", "’": "'", "ʼ": "'", "`": "'"})
_NON_WORD = re.compile(r"[^\w\s']+|_")


def _normalise(text: str, language: str) -> str:
    """Lower case, punctuation out, spaces collapsed; accents folded as the patterns expect."""
    if language in ("en", "tr"):
        text = unicodedata.normalize("NFKD", text.translate(_LATIN_FOLD).lower())
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.replace("'", " " if language == "tr" else "")
    elif language == "ar":
        text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD)
    else:
        text = text.lower().translate(_CYRILLIC_FOLD)
    return " ".join(_NON_WORD.sub(" ", text).split())


def audience_answer(text: str, language: str | None, *, asked: bool = False) -> str | None:
    """The audience (``bot.vocab.AUDIENCES``) a short self-description in ``language``
    names: "I'm his mother" -> relatives, "öğretmenim" -> teachers, "речь обо мне" ->
    affected; None for anything longer or else. With ``asked`` (the form just asked who it
    is about) "my son", "oğlum", "ابني" count too: the relative the question is about."""
    if language not in _AUDIENCE_COMPILED or not text:
        return None
    norm = _normalise(text, language)
    if not norm or len(norm.split()) > AUDIENCE_MAX_WORDS:
        return None
    checks = _AUDIENCE_COMPILED[language]
    if asked:
        checks = checks + _AUDIENCE_ASKED_COMPILED[language]
    for audience, pattern in checks:
        if pattern.fullmatch(norm):
            return audience
    return None


def guess_intent(text: str, language: str) -> IntentGuess | None:
    """The core-path intent of a message in ``language`` (not German), or None. A short
    self-description ("I'm his mother", "öğretmenim") comes first: it is no worry story."""
    audience = audience_answer(text, language)
    if audience is not None:
        return audience_guess(audience)
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

    Short messages (up to six words) count as in ``requested_language``; longer ones only in
    a request frame addressed to the chat ("can we speak German?").
    """
    if len(_WORD.findall(text)) > 6:
        language = requested_language(text)  # a request frame: "can we speak German?"
        return LanguageRequest(language, None) if language else None
    if _SIMPLE_OFF.search(text):
        return LanguageRequest("de", False)
    if _SIMPLE_ON.search(text):
        return LanguageRequest("de", True)
    language = requested_language(text)
    if language is None or _NEGATION.search(text):
        return None
    return LanguageRequest(language, None)
