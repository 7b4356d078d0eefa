"""Context checks for :mod:`bot.safety`: is a sentence informational, does it name a
concrete person, and is a verb of killing aimed at oneself (suicide) or at others (threat)?
All functions take normalised text (see :func:`bot.safety.text.normalise`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.safety.lexicon import KILL, TARGET

_RELATION = (
    r"sohn|tochter|bruder|schwester|neffe|nichte|enkel\w*|cousin\w*|kind|kinder|freund\w*|"
    r"kumpel|mann|ehemann|frau|ex\w*|partner\w*|vater|mutter|papa|mama|onkel|tante|"
    r"nachbar\w*|mitschueler\w*|schueler\w*|kollege\w*|mitbewohner\w*|typ|"
    r"verlobte\w*|schwager|schwaegerin|stief\w*|aeltester?|juengster?|"
    r"dochter|jong|jung|minge|ming|mien|hae"  # Kölsch, Platt: "minge Jong", "mien Dochter", "hä"
)
_S3 = r"(?:hat|will|plant|ist|sagt|redet|droht|baut|kauft|traegt|schreibt|moechte|wird|meint)"
# A concrete person the message is about ("ich" only with a claim: "ich weiss", "ich will").
_CONCERN = re.compile(
    rf"\b(?:{_RELATION}|mein\w*|unser\w*|er|ihn|ihm|sein|seine\w*|sie {_S3}|{_S3} sie|"
    r"ich (?:weiss|glaube|glaub|vermute|befuerchte|habe angst|hab angst|habe gesehen|hab gesehen|"
    r"habe gehoert|hab gehoert|werde|will|bringe|bring))\b"
)
_FIRST_PERSON = re.compile(r"\b(?:ich|mich|mir|bin|wir|uns|hab|brauch)\b")
_INFO_START = re.compile(
    r"^(?:was (?:ist|sind|war|waren|bedeutet|bedeuten|heisst|passierte|geschah|versteht man)|"
    r"wie ?viele?|wann (?:war|gab|wurde|passierte|fand|ist)|erklae?r\w*|wer (?:war|waren|steckt)|"
    r"definier\w*)\b(?! (?:\| )?(?:wenn|mit|los|zu tun|denn los|das fuer|da los)\b)"
)
_QUESTION_START = re.compile(
    r"^(?:was|wie|wieso|weshalb|warum|wann|wo\w*|wer|wen|wem|welche\w*|ab wann|gibt es|ist es|"
    r"sind|kann man|darf man|muss man|soll man|stimmt es)\b"
)
_NEWS = re.compile(
    r"\b(?:nachrichten|zeitung\w*|tagesschau|laut|berichte\w*|medien|presse|doku\w*|film\w*|"
    r"podcast\w*|artikel|(?:19|20)\d\d|damals|jahren|letztes jahr|polizei hat)\b"
)
_KILL = re.compile(rf"\b{KILL}\b")
_BRING_UM = re.compile(
    r"\b(?:bring|bringe|bringt|bringst|bringen|brachte|brachten)\b((?:\s+(?!um\b)[^\s|]+){1,4}?)"
    r"\s+um\b(?!\s+(?:den|die|das|dem|der|zu|\d+\w*|ein|eine|acht|sieben|neun|zehn|elf|halb|"
    r"viertel|mitternacht|\w*uhr)\b)"
)
# "... was an" ends the clause ("ich tu mir was an", "tut er ihr was an, wenn"); in "there
# was an attack" the "an" is an English article before a noun.
_HARM = re.compile(
    r"\b(?:was|etwas)(?:\s+\S+)?\s+(?:an(?=\s*(?:$|\||und\b|oder\b|wenn\b|weil\b|dass\b|"
    r"falls\b|sobald\b|bevor\b))|antun|anzutun|antut|angetan)\b"
)
# Subjects of "... bringt mich um" that make it an idiom ("die Hitze bringt mich um").
_IDIOM_SUBJECT = re.compile(
    r"(?:hitze|kaelte|arbeit|stress|langeweile|warterei|laerm|hunger|neugier|sorge\w*|"
    r"schule|mathe|hausaufgaben|angst|ungewissheit|das|job|warten|musik)$"
)
_THIRD_PERSON = frozenset(("er", "sie", "der", "die", "jemand", "man", "du", "ihr", "es"))


def names_person(norm: str) -> bool:
    """Does the text speak about a concrete person (a relative, "er", "ich", "wir")?"""
    return bool(_CONCERN.search(norm) or _FIRST_PERSON.search(norm))


# A question with a deadline or a hidden purpose is about a deed, not about knowledge.
_DEADLINE = re.compile(
    r"\bbis (?:morgen|uebermorgen|heute \w+|naechste\w* woche|zum wochenende|(?:mon|diens|donners|"
    r"frei|sams|sonn)tag|mittwoch)\b|\bfrag\w* (?:nicht|nich|ned) (?:wofuer|warum|wieso)\b"
)


def is_informational(raw: str, norm: str) -> bool:
    """Definition question, general question without a concrete person, or news/history."""
    if _INFO_START.search(norm):
        return True
    if _DEADLINE.search(norm):
        return False
    question = raw.rstrip().endswith("?") or _QUESTION_START.search(norm) is not None
    return not _CONCERN.search(norm) and (question or _NEWS.search(norm) is not None)


def killing(norm: str) -> set[str]:
    """Verdicts for the verbs of killing in ``norm``: ``"threat"`` (aimed at someone else:
    "ich bringe ihn um", "er will Ungläubige töten"), ``"suicide"`` ("er bringt sich um") and
    ``"self"`` (first person: "ich will mich umbringen", "ich will mir was antun")."""
    spans = [(m.start(), m.group(1)) for m in _BRING_UM.finditer(norm)]
    spans += [(m.start(), "") for m in _KILL.finditer(norm)]
    spans += [(m.start(), "") for m in _HARM.finditer(norm)]
    verdicts: set[str] = set()
    for start, obj in spans:
        context = norm[max(0, start - 160) : start].split()[-8:]
        negated = bool(set(context[-3:]) & {"nie", "niemals"})
        if negated or (obj and context and _IDIOM_SUBJECT.match(context[-1])):
            continue
        near = set(context[-4:]) | set(obj.split())
        if "sich" in near:
            verdicts.add("suicide")
        elif near & {"mich", "mir"} and "ich" in context:
            after = context[len(context) - context[::-1].index("ich") :]
            verdicts.add("threat" if _THIRD_PERSON & set(after) else "self")
        else:
            verdicts.add("threat")
    return verdicts


# Someone other than the writer plans, carries or threatens (a third-party report), in the
# languages the emergency answer speaks: a relative or acquaintance, or "he"/"she"/"someone".
_SOMEONE_ELSE = re.compile(
    rf"\b(?:{_RELATION}|er|ihn|ihm|jemand\w*|einer|der junge|die brueder|die typen|"
    r"my (?:son|daughter|brother|sister|friend|mate|cousin|husband|wife|roommate|flatmate|"
    r"student|pupil|neighbou?r|nephew|niece|dad|father|mum|mom|mother|uncle|aunt|"
    r"classmate|colleague|boyfriend|girlfriend|kid|child)|he|she|him|someone|somebody|"
    r"oglum|oğlum|kizim|kızım|kardesim|kardeşim|abim|ablam|arkadasim|arkadaşım|kuzenim|"
    r"kocam|esim|eşim|yegenim|yeğenim|komsum|komşum|ogrencim|öğrencim|"
    r"ابني|ابنتي|بنتي|أخي|اخي|أختي|اختي|صديقي|زوجي|جاري|ابن عمي|"
    r"сын|дочь|дочка|брат|сестра|друг|подруга|муж|сосед|племянник|он|она|"
    r"син|донька|сестра|чоловік|сусід|він|вона)\b"
)
_SIE_ACTOR = re.compile(rf"\bsie {_S3}\b|\b{_S3} sie\b")


def reports_someone_else(norm: str) -> bool:
    """Does the (normalised) text report what another person plans or does?"""
    return bool(_SOMEONE_ELSE.search(norm) or _SIE_ACTOR.search(norm))


# --- defused rule hits ----------------------------------------------------------------------
# A rule fires on words; some frames make those words no acute danger in most messages: a
# joke or hyperbole marked as such (laughing emoji, "haha", "lol"), a game, a film, a book or a
# series, a hypothetical question, or something long past. A rule hit in such a frame is no
# alarm of its own: the classifier judges the message (it may still ask or alarm). Except for
# a marked joke, the frame counts only when the message names no time soon ("morgen",
# "heute", "jetzt", a weekday): "wie im Film, morgen ist es so weit" stays a rule alarm.
_LAUGH_EMOJI = re.compile(
    "[\U0001f602\U0001f923\U0001f605\U0001f606\U0001f639\U0001f61c\U0001f648\U0001f62d\U0001f629"
    "\U0001f644\U0001f643]"  # rolling eyes (exasperation between siblings), upside-down (irony)
)
_JOKE = re.compile(
    r"\b(?:(?:ha){2,}\w*|(?:hi){2,}|lol|lel|xd|rofl|lmao|ironisch|ironie|scherz\w*|witz\w*|"
    r"(?:lachen|lacht|lachend)(?! (?:\S+ )?(?:keiner|niemand|ueber)\b)|"
    r"falscher chat|nur spass|aus spass|im spass|"
    r"meint (?:\S+ ){0,2}nicht so|nicht ernst gemeint|"
    r"nein mach ich nicht|mach ich nat(?:ue|u)rlich nicht|"
    r"(?:kann|darf) man (?:\S+ )?zur(?:ue|u)ckgeben)\b"
)
# Hyperbole that is no threat: a petty condition ("wenn er nochmal mein Ladekabel klaut") or a
# thing that "kills" the writer ("Mathe bringt mich um").
_HYPERBOLE = re.compile(
    r"\bwenn (?:er|sie|du|ihr) (?:\S+ ){0,2}(?:noch ?mal|noch einmal|wieder|schon wieder) "
    r"(?:\S+ ){0,3}mein\w*\b|"
    r"\b(?:mathe|physik|chemie|schule|klausur\w*|pruefung\w*|test|hausaufgaben|hitze|stress|"
    r"arbeit|chef\w*|laerm|das|der|die) (?:\S+ ){0,2}bringt mich (?:\S+ )?um\b"
)
_FRAME = re.compile(
    r"\b(?:(?:video|computer|handy|online|pc|ballerp)?spiel\w*|zock\w*|games?|gaming|gamer|"
    r"call of duty|cod|counter strike|cs ?go|fortnite|fifa|hitman|gta|minecraft|valorant|"
    r"playstation|ps[45]|xbox|konsole|headset|"
    r"film\w*|kino|serie\w*|netflix|roman\w*|krimi\w*|buch|drehbuch|theaterstueck\w*|novel|movie|"
    r"series|hauptfigur\w*|romanfigur\w*|protagonist\w*|kurzgeschichte\w*|aufsatz|referat\w*|"
    r"(?:eine|seine|ihre|die) geschichte (?:ueber|von|schreib\w*)|"
    r"falls|hypothetisch\w*|theoretisch|angenommen|rein interessehalber|"
    r"vor (?:\d+|einem|einer|zwei|drei|vier|fuenf|sechs|sieben|acht|neun|zehn|ein paar|vielen) "
    r"(?:jahr|jahren|monaten)|(?:19|20)\d\d|letzte\w* jahr|(?<!wie )damals|"
    r"(?:jahre|jahr|monate) her|in der \d+\w* klasse|frueher)\b"
)
# "heute ist er verheiratet", "jetzt geht es ihr besser": the present as a contrast to the
# past, no time of a deed.
_NOW_STATE = (
    r"(?!(?: \S+){0,3} (?:gut|besser|stabil|verheiratet|studiert|ausbildung|schaem\w*|\d+)\b"
    r"| (?:ist|sind|bin) (?:er|sie|ich|ihr|es ihr|es ihm|mein\w*|dein\w*)\b)"
)
_SOON = re.compile(
    rf"\b(?:(?:heute|jetzt){_NOW_STATE}|heut|morgen|uebermorgen|sofort|gleich|bald|gerade los|"
    r"grad los|heute nacht|tonight|tomorrow|today|right now|montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonnabend|sonntag|wochenende|naechste\w* woche)\b"
)


# A frame set by an earlier turn of the same conversation: "mein Bruder spielt Ego-Shooter" ...
# "er schreit 'ich knall euch alle ab'"; "ich schreibe einen Roman" ... "die Hauptfigur plant
# einen Anschlag"; "mein Mann ist Jäger" ... "er hat drei Gewehre". Games, fiction and lawful
# hunting or sport shooting only: a past or hypothetical frame does not carry over.
_CARRIED_FRAME = re.compile(
    r"\b(?:(?:video|computer|handy|online|pc|ballerp)?spiel(?:t|en|st)?|zock\w*|games?|gaming|"
    r"gamer|\w*shooter|call of duty|counter strike|fortnite|playstation|ps[45]|xbox|konsole|"
    r"film\w*|serie\w*|netflix|roman\w*|krimi\w*|drehbuch|hauptfigur\w*|aufsatz|referat\w*|"
    r"(?:eine|seine|ihre|die) geschichte (?:ueber|von|schreib\w*)|schreib\w* (?:\S+ )?geschichte|"
    r"jaeger\w*|jagd\w*|sportschuetz\w*|schuetzenverein\w*|waffenschein\w*)\b"
)


def defused(raw: str, norm: str, history: Sequence[str] = ()) -> bool:
    """Is a rule hit in ``raw`` (normalised: ``norm``) framed as a joke, a game, fiction, a
    hypothetical or the past, so that the classifier rather than the rule should judge it?
    ``history`` (normalised earlier turns, oldest first) can set a game, fiction or hunting
    frame; a time soon in the message itself still keeps the rule's alarm."""
    if _LAUGH_EMOJI.search(raw) or _JOKE.search(norm) or _HYPERBOLE.search(norm):
        return True
    if _SOON.search(norm):
        return False
    return bool(_FRAME.search(norm)) or any(_CARRIED_FRAME.search(turn) for turn in history[-2:])


# Parts of an explosive device named without the word "Bombe": a charge, a casing, shrapnel, a
# trigger. Four kinds together, or three with a charge, are a device in the making.
_PARTS = {
    # Kölsch says "Jas" for "Gas": "Jasfläsche"
    "casing": (
        r"rohr\w*|endkappe\w*|schnellkochtopf\w*|kochtopf|[gj]asfl(?:ae|a)sche\w*|gaskartusche\w*"
    ),
    "charge": (
        r"schwarzpulver|pulver|d(?:ue|u)nger|ammoniumnitrat|aceton|wasserstoffperoxid|chemikalie\w*|"
        r"b(?:oe|o)ller\w*|feuerwerk\w*|[gj]asfl(?:ae|a)sche\w*|gaskartusche\w*|sprengstoff\w*"
    ),
    "shrapnel": r"n(?:ae|a)gel\w*|schrauben|splitter|kugellager\w*|muttern|metallkugeln",
    "trigger": (
        r"wecker|zeitschaltuhr|z(?:ue|u)nder\w*|ausl(?:oe|o)ser|z(?:ue|u)ndschnur|schaltung\w*|"
        r"dr(?:ae|a)hte?\w*|kabel\w*|batterie\w*|handy mit \w+"
    ),
    "binding": r"klebeband|panzertape|gaffa\w*",
}
_PART_PATTERNS = {kind: re.compile(rf"\b(?:{p})\b") for kind, p in _PARTS.items()}


# What the same parts are for in a household: a barbecue, camping, a gas stove. They
# explain the parts unless a target (a market, a church, a crowd ...) is named as well.
_PARTS_USE = re.compile(r"\b(?:grill\w*|camping\w*|campen|gasherd\w*|heizstrahler\w*)\b")
_PARTS_TARGET = re.compile(rf"\b{TARGET}\b")


def bomb_parts(norm: str) -> bool:
    """Does the text list parts of an explosive device (four kinds, or three with a charge)?"""
    if _PARTS_USE.search(norm) and not _PARTS_TARGET.search(norm):
        return False
    kinds = {kind for kind, pattern in _PART_PATTERNS.items() if pattern.search(norm)}
    return len(kinds) >= 4 or (len(kinds) >= 3 and "charge" in kinds)
