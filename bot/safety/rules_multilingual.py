"""Acute-danger rules in English, Turkish, Arabic, Russian and Ukrainian.

Why: the German rules (:mod:`bot.safety.rules`) only read German, and the classifier misses
much acute danger in the other languages families write to us in. ``assess_multilingual``
is called by :func:`bot.safety.detect.assess_danger` only when no German rule fired.

How: the text is folded once (lower case; Turkish ı/ş/ç/ğ/ö/ü and German umlauts to ASCII;
Arabic diacritics and tatweel dropped, alef/yeh/teh-marbuta forms unified, Arabic-Indic
digits to ASCII; ё -> е; apostrophes dropped, so Ukrainian "вб'є" is "вбє"; every other
non-word character is a space). Arabizi keeps its digits (2, 3, 5, 7, 9) inside words. Rules
are co-occurrences, as in German: a killing verb with an intent marker and a person, a target
place with an attack verb and a time, a weapon with an acquisition, a destination with a
travel verb, the fighting itself named with a departure ("Şam'a savaşmak için gidiyor",
"rayeh yjahed"; kinship words do not silence this one, a fighter says goodbye to his family
too), a plan of a named place with a day and what someone did with it ("garın planını
çıkarmış, perşembe", "mokhattat el kanis ... yom el sabt"). Arabic stems are matched inside
words because prefixes (و ب ل ال ف) stick to them.

Frames that must not alarm (false alarms tell Muslim families their faith is an emergency):
a marked joke ("😂", "haha", "lol", "ههه") or a trivial object (charger, chocolate, socks)
silences threats, attacks and weapons; a game, film or news/history frame silences them too
unless a time soon is named; a definition question ("what does jihad mean", "şehit ne
demek", "شو يعني") silences everything but suicide. Visits, weddings, funerals, Hajj/Umrah
and holidays silence travel. Slang ("the bomb", "bomba gibi", "killing it", "I'm dying")
never matches because the patterns need an intent, an object or an acquisition.
``matched`` is "ml.<lang>.<rule>"; the user's text is never kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.safety.rules import DangerKind
from bot.text.folding import fold

if TYPE_CHECKING:
    from bot.safety.detect import DangerAssessment

__all__ = ["assess_multilingual", "fold_multilingual"]

_MAX_CHARS = 4000  # the rules read the first and last 2,000 characters of very long input

# --- normalisation ------------------------------------------------------------------------
_FOLD = str.maketrans(
    {
        "ı": "i",
        "ş": "s",
        "ç": "c",
        "ğ": "g",
        "â": "a",
        "î": "i",
        "û": "u",
        "ё": "е",
        "ґ": "г",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": None,
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
_AR_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_APOSTROPHE = re.compile(r"['’`´ʼ]")
_NON_WORD = re.compile(r"[^\w]+|_+")


def fold_multilingual(text: str) -> str:
    """Fold ``text`` for the multilingual rules: ``"Onu Öldüreceğim!"`` -> ``"onu oldurecegim"``."""
    text = unicodedata.normalize("NFKC", text).replace("İ", "i")
    # lower case and ä/ö/ü/ß -> a/o/u/ss by the project's one fold; then Turkish, Cyrillic
    # and Arabic letter variants
    text = _AR_MARKS.sub("", fold(text, plain_umlauts=True).translate(_FOLD))
    text = _APOSTROPHE.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


# --- pattern helpers ----------------------------------------------------------------------
def w(spec: str) -> str:
    """``"a b_c"`` -> ``(?:a|b c)`` (``_`` is one space)."""
    return "(?:" + "|".join(p.replace("_", " ") for p in spec.split()) + ")"


def ar(spec: str) -> str:
    """Arabic stems matched inside a word (prefixes and suffixes attach)."""
    return r"\w*" + w(spec) + r"\w*"


class Keyed(str):
    """A pattern (a plain ``str``) with ``keys``: patterns each of which matches wherever this
    one matches. They are tried first, and a rule whose key finds nothing is skipped without
    its full pattern: most messages are German, and the co-occurrence patterns try both of
    their halves at every position. Anything built from a ``Keyed`` (an f-string, ``+``) is
    a plain ``str`` again, without keys, so a key never outlives the pattern it was made for.
    tests/unit/test_safety_multilingual.py checks every key against its rule's matches."""

    keys: tuple[str, ...]

    def __new__(cls, pattern: str, keys: tuple[str, ...]) -> Keyed:
        keyed = super().__new__(cls, pattern)
        keyed.keys = keys
        return keyed


def _alternatives(pattern: str) -> list[str] | None:
    """The alternatives of ``pattern``, split at each ``|`` outside its groups; None when
    ``pattern`` is one group ``(?:...)`` as a whole (its alternatives are inside it)."""
    parts, depth, start, index, in_class = [], 0, 0, 0, False
    first_group_end = -1
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0 and first_group_end < 0:
                first_group_end = index
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    if pattern.startswith("(?:") and first_group_end == len(pattern) - 1:
        return None
    return [*parts, pattern[start:]]


def _one_alternative(pattern: str) -> bool:
    """Whether ``pattern`` has no ``|`` outside its groups. A half with one (``"x|y"``) binds
    the words around it in ``near``/``then`` to its first and last alternative only, so the
    halves are no keys of the whole; such a pattern gets none."""
    parts = _alternatives(pattern)
    return parts is None or len(parts) == 1


def _without_leading_words(pattern: str) -> str:
    """``pattern`` without the ``\\w*`` that begins any of its leading alternatives (also
    inside a group that is the whole pattern): ``(?:\\w*sam|gid\\w*)`` -> ``(?:sam|gid\\w*)``.
    What the original matches contains a match of the result, which, without its ``\\w*``
    to try and give back at every start of a word, is searched many times faster."""
    parts = _alternatives(pattern)
    if parts is None:
        return "(?:" + _without_leading_words(pattern[3:-1]) + ")"
    if len(parts) > 1:
        return "|".join(_without_leading_words(part) for part in parts)
    while pattern.startswith(r"\w*"):
        pattern = pattern[3:]
    return pattern


def _half_key(half: str, start: str) -> str:
    """A key of a ``near``/``then`` half, ``half`` followed by a word boundary and preceded
    by ``start``; without ``start`` when leading ``\\w*`` were dropped (they may have
    covered the letters between the boundary and the rest)."""
    bare = _without_leading_words(half)
    return rf"{start}{half}\b" if bare == half else rf"(?:{bare})\b"


# Where a half of ``near``/``then`` can start: after a word boundary (the first half) or
# after the space that ends the gap (the second half).
_HALF_START = r"(?:\b|(?<= ))"


def near(a: str, b: str, n: int = 6) -> Keyed:
    """``a`` and ``b`` as whole words, either order, at most ``n`` tokens apart."""
    gap = rf"(?: \S+){{0,{n}}}? "
    keys = (_half_key(a, _HALF_START), _half_key(b, _HALF_START))
    return Keyed(
        rf"(?:\b{a}\b{gap}{b}\b|\b{b}\b{gap}{a}\b)",
        keys if _one_alternative(a) and _one_alternative(b) else (),
    )


def then(a: str, b: str, n: int = 3) -> Keyed:
    """``a`` followed by ``b`` at most ``n`` tokens later."""
    keys = (_half_key(a, r"\b"), _half_key(b, "(?<= )"))
    return Keyed(
        rf"\b{a}\b(?: \S+){{0,{n}}}? {b}\b",
        keys if _one_alternative(a) and _one_alternative(b) else (),
    )


# --- shared cues ----------------------------------------------------------------------------
SOON = w(r"""
    tomorrow tonight today this_morning this_week\w* next_week\w* this_weekend weekend
    monday tuesday wednesday thursday friday saturday sunday on_\d+ \d+_?am \d+_?pm eve
    new_years_eve match_day
    yarin bu_gece bu_aksam bugun bu_sabah cuma\w* cumartesi\w* pazar_gunu pazartesi\w* sali
    carsamba\w* persembe\w* haftaya bu_hafta\w* yilbasi\w* aksam\w*
    \w*بكره \w*بكرا غدا الليله اليوم \w*الجمعه \w*السبت \w*الاحد \w*الحد \w*الاثنين \w*الخميس
    \w*الاربعاء \w*الثلاثاء \w*الاسبوع\w* \w*الصبح الفجر هلق الحين النهارده
    bokra bukra el_jom3a jom3a el_sabt lyom el_yom
    завтра сегодня сегодня_ночью ночью вечером утром пятниц\w* суббот\w* воскресень\w*
    понедельник\w* вторник\w* четверг\w* недел\w* выходн\w*
    сьогодні вночі зранку пятниц\w* субот\w* неділ\w* понеділ\w* вівтор\w* четвер\w* тижн\w*
    вихідн\w*""")
# Arabizi days and "tomorrow" (Egyptian g for j, Darija nhar + day, Gulf bacher); not bare
# "l7ad", which is also Egyptian "until"
AZ_SOON = w(r"""
    el_gom3a gom3a el_gum3a \w*jem3a el_jum3a es_sabt essabt \w*sebt el_7ad el_a7ad yom_el_7ad
    nhar_l7ad \w*l7ed el_khamis el_5amis \w*lkhmis \w*l5mis el_arba3a \w*larb3a el_etnein
    el_itnein el_tnein nhar_t?tnin el_talat el_tala(?:a)?ta ghedda ghadda bacher bachir
    el_lela el_leila ellela el_naharda elnaharda lyoum""")
SOON = f"(?:{SOON}|{AZ_SOON})"
_JOKE = re.compile(
    r"\b(?:(?:ha){2,}\w*|h{3,}|(?:he){2,}|lol\w*|lmao|rofl|jk|just kidding|xd|(?:ah){2,}\w*|"
    r"tabii saka|saka tabi\w*|sakaydi|ه{3,}\w*|(?:ха|ах){2,}\w*|лол|жартую|шучу)\b"
)
_LAUGH = re.compile("[\U0001f602\U0001f923\U0001f605\U0001f606\U0001f639\U0001f61c]")
_GAME = re.compile(
    r"\b(?:fortnite\w*|call of duty|cod|counter strike|cs ?go|battlefield\w*|pubg\w*|minecraft|"
    r"gta|video ?games?|gaming|in the game|oyun\w*|oynad\w*|oynarken|oynuyor\w*|"
    r"فورتنايت|كول اوف ديوتي|\w*ببجي|\w*باتلفيلد|كاونتر|\w*ماينكرافت|\w*لعبه|نلعب|لعبنا|يلعب|"
    r"фортнайт\w*|колд\w*|пабг\w*|баттлф\w*|майнкрафт\w*|игр\w*|грали|гра[юєи]\w*)\b"
)
_STORY = re.compile(
    r"\b(?:news|documentary|film|movie|series|netflix|history|in (?:19|20)\d\d|last year|"
    r"back then|years ago|haber\w*|belgesel\w*|film\w*|dizi\w*|tarih\w* ders\w*|gecen sene|"
    r"yillar once\w*|\w*الاخبار|\w*وثائقي|\w*فيلم|\w*مسلسل|\w*التاريخ|السنه الماضيه|من سنين|"
    r"новост\w*|документал\w*|фильм\w*|сериал\w*|в прошлом году|новин\w*|фільм\w*|торік|"
    r"(?:19|20)\d\d\w*)\b"
)
_DEFINITION = re.compile(
    r"\b(?:what does|what is an?|whats an?|what s an?|meaning of|whats the meaning|"
    r"what(?: s)? the difference|ne demek\w*|anlami ne|ne anlama|معني|معنى|معناه|"
    # "يعني" / "ya3ni" alone is also the dialects' filler ("I mean"): only as a question
    r"(?:شو|ايش|ايه|ايه|وش|اش|شنو|ماذا|ما) (?:بي|كي|كت)?يعني|يعني (?:ايه|شو|ايش|اش|شنو)|"
    r"(?:shu|sho|shou|esh|ish|eh|eih|chno|chnou|ach|ash|wesh|wash|ma) ya3ni|"
    r"ya3ni (?:eh|eih|shu|sho|esh|ish|chno|ash)|ma3na|ma3nah|ma3naha|"
    r"что значит|что означает|кто такой|что такое|що означає|що таке|was bedeutet|"
    r"was heisst)\b"
)
_SOON = re.compile(rf"\b{SOON}\b")
# Hyperbole among siblings and partners: a trivial object next to the threat.
_TRIVIAL = re.compile(
    r"\b(?:charger|chocolate|socks|homework|sarj\w*|cikolata\w*|corap\w*|ladekabel|\w*شاحن\w*|"
    r"\w*شوكولا\w*|\w*جرابات|зарядк\w*|шоколад\w*|носки|шкарпетк\w*)\b"
)


@dataclass(frozen=True)
class _Rule:
    name: str
    kind: DangerKind
    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None
    unless: re.Pattern[str] | None
    frame: str  # which frames silence it: "all" (joke, game, story, definition), "info", "none"
    keys: tuple[re.Pattern[str], ...] = ()  # each matches wherever ``pattern`` does (Keyed)


def _rule(
    name: str,
    kind: DangerKind,
    pattern: str,
    requires: str | None = None,
    unless: str | None = None,
    frame: str = "all",
) -> _Rule:
    def opt(p: str | None) -> re.Pattern[str] | None:
        return re.compile(p) if p else None

    keys = tuple(re.compile(key) for key in getattr(pattern, "keys", ()))
    return _Rule(name, kind, re.compile(pattern), opt(requires), opt(unless), frame, keys)


A, T, V, W, S = "attack", "threat_to_kill", "travel_to_fight", "weapons", "suicide"

# --- English (also Arabizi and transliterated Russian/Ukrainian, which people mix in) -------
EN_PERSON = w(r"""
    him her them you me us his her their my your the a an all every\w* everyone anyone
    teacher\w* imam\w* sister\w* brother\w* wife husband kids children son daughter dad mum
    mom mother father jews christians shia\w* kuffar unbelievers infidels apostates gays
    police cops""")
EN_KILL = w(r"""
    kill murder slaughter stab shoot behead strangle butcher cut_(?:his|her|their|my|your)_throat
    cut_(?:his|her|their|my|your)_face""")
EN_WILL = w(r"""
    will ll ill i_ll hell shell youll theyll gonna going_to wants?_to wanna threaten\w*
    threatened_to swears?_to said_he_d
    d plans?_to is_planning_to""")
EN_SELF = r"\b(?:him|her|my|your|them|our)sel(?:f|ves)\b"
EN_TARGET = w(r"""
    \w*market\w* concert\w* synagogue\w* church\w* mosque\w* cathedral station\w* bridge\w*
    stadium school festival\w* parade\w* pride march demo\w* demonstration\w* mall
    shopping_cent\w* fan_zone crowd\w* mass service""")
EN_ATTACK_NOUN = w(r"""
    attack attacks terror_attack terrorist_attack bombing massacre shooting
    martyrdom_operation suicide_attack
    blow_(?:him|her|my|them)sel(?:f|ves)_up""")
EN_INTENT = w(r"""
    plans? planned planning prepar\w* will ll gonna going_to wants?_to wanna intends?
    """)
EN_INTENT = f"(?:{EN_INTENT}|{SOON})"
EN_VEHICLE = w(r"van\w* truck\w* lorry lorries car box_truck transporter")
EN_VEHICLE_DO = w(r"""
    drive\w*_(?:the_|a_|his_)?\w*_into ram\w* straight_through into_the_crowd through_the_middle
    flooring_it rented booked hire\w*""")
EN_BARRIER = w(r"bollards? barriers? concrete_blocks? no_bollards")
EN_MAP = w(r"""
    map floor_?plans? layout pictures_of_every_entrance photograph\w* entrances? route
    times""")
EN_MARK = w(r"circled marked date target cross\w*")
EN_MARTYR = w(r"""
    martyr\w* shahid\w* shaheed shuhada shahada wasiyy?ah? paradise meet_allah""")
EN_WEAPON = w(r"""
    guns? pistols? rifles? kalashnikov ak_?47 glock ammo bullets explosives? bombs?
    suicide_vest grenades? machete crossbow weapons? firearms?""")
EN_GET = w(r"""
    bought buy\w* found hid\w* hidden has have had making make build\w* built order\w*
    paid picking_up get_him find_him carry\w* under_(?:his|my|the) in_his in_her""")
EN_PARTS = w(r"""
    fertili[sz]er diesel nails screws pressure_cooker gas_bottles? acetone hydrogen_peroxide
    detonator\w* wires? batter(?:y|ies) timer metal_pipes? pipes ball_bearings metal_balls
    fireworks gunpowder""")
EN_HARMLESS_PARTS = w(r"""
    allotment farm tractor garden recipes? nail_polish camping kitchen lentils""")
EN_DEST = w(r"""
    syria iraq afghanistan somalia idlib raqqa mosul the_brothers the_sisters the_fighters
    mujahideen isis isil iskp daesh al_shabaab caliphate islamic_state jihad war_zone
    the_front over_the_border land_of_the_caliphate sahel""")
EN_GO = w(r"""
    go goes going gone fly\w* flies flight leav\w* left join\w* travel\w* on_his_way
    on_her_way ticket one_way pick\w* take_her take_him fight\w* marry headed""")
EN_VISIT = w(r"""
    visit\w* grandma grandpa grandparents grandmother wedding funeral holiday vacation
    umrah hajj study\w* birthday engagement job documentary""")
EN_SUICIDE = (
    r"\b(?:(?:want|wants|wanna|going|gonna)(?: to)? die|(?:i|he|she) (?:will|ll) die tonight|"
    r"kill\w* (?:my|him|her)sel(?:f|ves)|(?:she|he|i) ?ll jump|"
    r"jump\w*(?: \S+){0,4} (?:bridge|roof|balcony|railing|window)|"
    r"(?:ending|end) (?:it|my life|his life|her life)(?! all for)|suicid\w*|"
    r"(?:don ?t|do not|doesn ?t|does not) want to (?:live|be alive)|jump\w* off|"
    r"rope is ready|goodbye letters?|took all the pills|pills are ready|saved up the pills|"
    r"done with life|tonight is the night|how i would do it|crash (?:his|her) car into)\b"
)
EN_SAD_OK = r"\b(?:not thinking of hurting|not in danger|not suicidal|i ll get through)"

# --- Arabizi --------------------------------------------------------------------------------
AZ_FUT = w(r"ra7 rah raye7 7a ha bado bade badi baddo baddi bidu biddo 3ayez ghadi")
AZ_KILL = w(r"""
    \w*2t[ou]?l\w* \w*2atl\w* \w*dba7\w* \w*dbe7\w* \w*tokh\w* \w*7rou2\w* yqt[eo]?l\w* nqt[eo]?l\w*
    y9t[eo]?l\w* n9t[eo]?l\w*""")  # Darija: ghadi yqtel / n9tlo
AZ_SUICIDE = (
    r"\b(?:bad+[eiu] (?:mout|moot|mut)|b?d+i (?:mout|moot)|(?:3ayez|3ayza) (?:a|e)?[mn]o?o?t|"
    r"(?:e2tol|a2tol|ye2tol|yo2tol) 7al(?:i|o|ha)|etla3 3al sat7|"
    r"ma (?:ba3ed |ba3d |3ad |3ed )?(?:baddi|beddi|badde|biddi|bdi) "
    r"(?:3ish|3eesh|3ich|3eech|3ayesh))\b"
)
# Departures (Egyptian g for j, Darija ymchi/douz, Gulf 6la3 = "goes out"). Not bare "ra7"
# (the future marker), "hajer" (a name) or "el sham" (also a name, and family travel): those
# need a fight cue.
AZ_DEST = w(r"""
    \w*sou?r[iy]+a \w*soria \w*suria \w*syria \w*syrie \w*3ira2 \w*3ira9 \w*3iraq \w*idlib
    \w*ra99a \w*raqqa \w*jabha \w*gabha \w*7do?ud \w*7dod \w*7odood \w*7udud \w*7odoud \w*khilafa
    \w*5ilafa da3esh \w*mujahid\w* \w*mogahd\w* \w*mjahd\w* \w*mojahid\w*""")
AZ_FIGHT = w(r"""
    \w*jahed \w*jahid \w*gahed \w*gahid \w*jahdo \w*2atel \w*qatel \w*9atel el_gehad el_jihad
    \w*jihad \w*gehad \w*jehad \w*mujahid\w* \w*mogahd\w* \w*mjahd\w* \w*mojahid\w*
    \w*jabha \w*gabha \w*khilafa \w*5ilafa da3esh y?hajer nhajer bihajer hayhajer \w*hijra
    \w*hejra""")
AZ_GO = w(r"""
    rayeh raye7 ray7 rayi7 ra2e7 rayha raye7a rayhin rayh\w* \w*rou7 \w*roo7 \w*rouh \w*ro7
    \w*msafer\w* \w*mesafer\w* \w*hayesafer \w*ysafer\w* \w*yesafer\w* \w*bisafer\w*
    \w*safar \w*safer \w*mchi \w*mshi \w*mcha \w*tla3 \w*6la3 \w*o3bor \w*3bor \w*douz \w*dooz
    \w*nsam\w* \w*ndam\w* \w*lta7e2 \w*lta7a2 ta5edha ta5do ya5do ya5edha tazkara tazkarti
    tadhkara billet ticket""")
AZ_FIGHT_OK = w(r"""
    nafs el_nafs \w*3omra \w*3umra omra umra \w*7ajj hajj \w*tajnid \w*3askar\w* \w*tarikh
    \w*salibi\w*""")
AZ_VISIT = w(r"""
    \w*zour \w*zoor \w*zyara \w*ziyara \w*ziyare zorna \w*3ers \w*3ors \w*3rs \w*fara7 \w*far7
    \w*3aza \w*3aza2 \w*3omra \w*3umra omra umra \w*7ajj hajj \w*agaza \w*ijaza \w*3otla
    \w*3otle \w*3ot6a vacances holiday \w*teta \w*tita \w*jeddo \w*jedd[ae]?ti \w*jaddi
    \w*sitti \w*setti \w*shoghl \w*sho8l \w*sh8l \w*yesh[8g]h?al\w* \w*5edma \w*khedma
    \w*khdma \w*dras[ae] \w*yedros \w*jam3a \w*tajnid \w*3askar\w* nafs el_nafs
    \w*shta[8g]h?al\w* \w*shghl\w* el_beit beitna bitna ahlo ahli ahlna ahelna ahlha
    \w*rg?a?je?3_ba3d rage3_ba3d nerja3_ba3d yerja3_ba3d""")
AZ_TARGET = w(r"""
    \w*kenis\w* \w*kanis\w* \w*knis\w* \w*kanees\w* \w*knees\w* \w*ma7at+\w* \w*m7at+\w*
    \w*mahat+\w* \w*gare \w*soo2 \w*sou2 \w*souk \w*souq \w*sou9 \w*marche \w*jame3 \w*jami3
    \w*masj[ie]d \w*mesj[ie]d stad stade lstad lestad elstad fstad stadium \w*mal3ab
    \w*madras\w* \w*mdras\w*
    \w*7os[ae]?ini?y+\w* \w*husa?iniy+\w* \w*ma3bad mahrajan festival concert""")
# "blow up" with a verbal prefix or an object suffix: not "el fajer" (dawn)
AZ_BLOW = (
    r"(?:(?:ha|bi|bey|biy|ga|ka|ta)?(?:y|t|n|ye|yi|yo|te|ne)f[ae]?(?:jj|gg|j|g)[ae]?r\w*|"
    r"f[ae](?:jj|gg)[ae]r(?:ha|hom|o|ou)\w*|ta?fj[ie]+r|tafjeer|tefjir)"
)
AZ_ATTACK = (
    rf"(?:{AZ_BLOW}|(?:ha|hay|bi|ga|ka)?(?:y|n|t|ye|yi|ya|ne|te)7(?:ar2|ra2|r9|ar9|re9|ra9)\w*|"
    r"(?:ydir|y7ot|ye7ot|yi7ot|ha7ot|hay7ot|y7ott|yzra3)(?: \S+)? (?:bomba|bombe|qonbola|"
    r"2onbola|qunbula|2unbula|9onbola)|hojoum|hujum|hojom)"
)
# driving into people: "hay5osh bel 3arabeya fel nas" (with a vehicle word)
AZ_DRIVE = r"(?:ha|hay|bi|ra7 )?y?(?:5osh|khosh|d3as|doos|dous)\w*|hay(?:e|i)?doos\w*|yed3as|yid3as"
AZ_VEHICLE = (
    r"\b(?:\w*3arabe?y+[ae]|\w*sayyara|\w*seyyara|\w*tomobil\w*|\w*tonobil\w*|camion\w*|"
    r"kamion\w*|van|\w*sha7na|\w*shaa7na|truck|\w*karossa)\b"
)
AZ_PEOPLE = (
    r"(?:(?:bel|fel|3al|fil|bil|f|b|fi|ma3) ?(?:el |l)?n?nas|7alo|7aloh|7alha|rasso|raso|rasha|"
    r"nafso|nafsoh|el kuffar|lkoffar|lkuffar|kuffar)"
)
AZ_SPORT = (
    r"\b(?:ultras|mudarrag|madarrag|shamarikh|fumig\w*|goal|gool|lgoal|match\w*|matsh\w*|"
    r"mobara\w*|mubara\w*|koora|kora|football)\b"
)
AZ_MAP = (
    r"(?:\w*5arit\w*|\w*kharit\w*|\w*mokhat+at\w*|\w*m5at+at\w*|\w*mukhat+at\w*|lplan|"
    r"plan dyal|plan ta3|el plan|\w*kroki\w*|\w*madakhel|\w*mada5el|\w*camerat|\w*kamerat|"
    r"\w*7oras|\w*7arras)"
)
AZ_MAP_OK = w(r"""
    \w*3ers \w*3ors \w*fara7 \w*far7 \w*zafaf \w*mashro3 project \w*ra?7la \w*re7la \w*zyara
    \w*ziyara zorna nzour parking fen feen wen fin""")
AZ_RECON = w(r"""
    katab\w* kateb\w* kteb\w* \w*sawwar\w* \w*sawer\w* \w*sowar \w*swira \w*tswira 3ndo 3ando 3andoh
    ma3ah ma3o m3ah m3ah 3allem\w* \w*3alam la2et l9it lqit mkhabi m5abbi \w*da2ra dayra""")
AZ_PARTS = w(r"""
    \w*msam[ie]r \w*masam[ie]r \w*bouta\w* \w*2anninet \w*2anani \w*anabib batariyat
    \w*bataria\w* \w*aslak \w*slak tanjarat_daght cocotte \w*barood \w*baroud ghaz gaz""")
AZ_HARMLESS_PARTS = w(r"\w*kouzina cuisine \w*matbakh \w*mat8a5 camping \w*chwa \w*mechoui bbq")
AZ_MARTYR = r"\b(?:shahid|shahed|isteshhad\w*)\b"

# --- Turkish (folded to ASCII) --------------------------------------------------------------
TR_KILL_FUT = w(r"""
    oldurecek\w* oldurecegi\w* oldururum oldurur oldurmekle oldurmek_ist\w* olduresi\w*
    kesecek\w* kesecegi\w* keserim kesilecek\w* bicaklayacag\w* bicaklayacak\w* vuracag\w*
    vuracak\w* vururum gebertecek\w* geberteceg\w* bogacag\w* bogazimi_kes\w* temizleyecegiz
    oldurecegim""")
TR_SELF = r"\bkendi(?:mi|ni|sini)\b"
TR_IDIOM = w(r"sinav\w* ders\w* odev\w* mac\w* sicak gulmek\w* bu_sinav")
TR_TARGET = w(r"""
    \w*pazar\w* noel\w* konser\w* sinagog\w* kilise\w* cami\w* cemevi\w* gar\w* istasyon\w*
    kopru\w* stadyum\w* okul\w* festival\w* yuruyus\w* alay\w* kalabalig\w* avm\w* meydan\w*
    karakol\w* tekke\w* peron\w* dugun_salon\w* kirmes\w* insanlar\w* havra\w* otogar\w*
    terminal\w* tribun\w*""")
TR_ATTACK = w(r"""
    saldiri\w* saldiracag\w* saldiracak\w* saldir\w* teror\w* patlatacak\w* patlatacag\w*
    kendini_patlat\w* sehadet_eylemi\w* intihar_saldiri\w* yakacak\w* dalip dalacag\w*
    girecek\w* surecek\w* surecegi\w* gececegim kimse_sag_cikmayacak kiyamet_kopacak
    bicaklayacak\w* bicaklayacag\w* hesap_sorulacak yerlere_serilecek\w* cok_kisi_goturecegim
    cennete_gidiyorum gaza_basip havaya_ucuracag\w* havaya_ucuracak\w*
    atese_verece\w* atese_vermek\w* bomba_koyacag\w* bomba_koyacak\w* bomba_birakacag\w*
    bomba_birakacak\w* kimse_kurtulamayacak\w* kan_dokulecek""")
TR_INTENT = w(r"""
    plan\w* hazirl\w* yapacak\w* yapacag\w* olacak\w* istiyor\w* diyor dedi soyledi
    soyluyor""")
TR_INTENT = f"(?:{TR_INTENT}|{SOON})"
TR_VEHICLE = w(r"kamyonet\w* kamyon\w* araba\w* minibus\w* panelvan\w* arac\w* traktor\w*")
TR_VEHICLE_DO = w(r"""
    dal\w* girecek\w* girmek\w* sur\w* icinden_gec\w* kalabalig\w* insanlarin_ustune
    kiral\w* bariyer\w* beton_blok\w*""")
TR_MAP = w(r"kat_plan\w* kroki\w* harita\w* plan\w* fotograf\w*")
# A plan of a place right after the place in the genitive ("kilisenin krokisi", "garin
# planini"): not "hafta sonu plani" or "konser plani".
TR_MAP_OF = w(r"""
    kroki\w* kat_plan\w* plani plan[ia]n\w* planlarini harita\w* guvenlik_kamera\w*
    kameralarini girislerini cikislarini""")
TR_MAP_OF = rf"\b(?={TR_TARGET}\b)\w*(?:in|un)\b(?: \S+){{0,2}}? {TR_MAP_OF}\b"
TR_MAP_OK = w(r"""
    ziyaret\w* gezi\w* odev\w* proje\w* tura turu turlar\w* rehber\w* muze\w* mimari\w*
    dugun\w* nikah\w* vaftiz\w* bilet\w* nerede nerde misin musun gidiyoruz gidecegiz
    kacirmak\w* acik_kapi\w* cografya\w* ders\w* teslim\w* sunum\w* ogretmene resim\w*
    var_mi maca mac maci""")
# what someone does with the plan: drew, took out, keeps, photographs, marked, counts, found
TR_RECON = w(r"""
    ciz\w* cikar\w* sakl\w* fotograf\w* isaretle\w* not_\w+ sayiyor\w* saymis sayd\w* incele\w*
    bulmus buldu olcmus olcuyor\w*""")
TR_MARK = w(r"isaretle\w* daire_icine\w* yuvarlak_icine\w* kirmizi\w* not_\w+ tarih\w*")
TR_MARTYR = (
    r"\b(?:sehit olacag\w*|sehit olacak\w*|sehadete erecegim|sehadet serbetini|sehadet eylemi\w*|"
    r"cennetin kapisi acilacak|cennette bulusacagiz|vasiyetimi yazdim)\b"
)
TR_WEAPON = w(r"""
    silah\w* tabanca\w* tufek\w* kalasnikof\w* mermi\w* patlayici\w* bomba\w* el_bombasi
    canli_bomba\w* pala bicak\w* namlu\w* tetik\w*""")
TR_GET = w(r"""
    buldum bulduk aldi almis aliyor var sakl\w* yapiyor yapimi\w* yapiyor\w* siparis\w*
    bulabilir\w* kullanacag\w* gordum bagaj\w* dolab\w* yatag\w* canta\w*""")
TR_SLANG = r"\bbomba (?:gibi\w*|olmus|atiyor)|\bbombayi kurdum"
TR_PARTS = w(r"""
    gubre\w* mazot\w* dizel civi\w* vida\w* duduklu_tencere\w* tup\w* aseton\w* peroksit\w*
    oksijenli_su kablo\w* pil\w* zamanlayici\w* saat bilye\w* demir_boru\w* fiseklerin\w*""")
TR_HARMLESS_PARTS = w(r"tarla\w* domates\w* bahcesi\w* koy\w* hasat nohut mutfak\w*")
TR_DEST = w(r"""
    suriye\w* irak\w* afganistan\w* somali\w* idlib\w* cephe\w* hilafet\w* isid\w* daes\w*
    mucahit\w* cihad\w* cihat\w* kardeslere kardesler bacilara sinir\w* savas_bolge\w*
    eş_sebab\w* es_sebab\w* seriatin islam_devlet\w*""")
TR_GO = w(r"""
    gid\w* git\w* katil\w* ucuyor\w* ucacak\w* yola\w* bilet\w* gecir\w* gecece\w* gecmek\w*
    gecip gecis\w* yolda\w* gotur\w*
    savasmak\w* savasmaya\w* evlen\w* bekliyor donmeyecegim donmemek""")
TR_VISIT = w(r"""
    ziyaret\w* dugun\w* cenaze\w* nisan\w* dede\w* babaanne\w* anneanne\w* amca\w* bayram\w*
    umre\w* hac\w* tatil\w* erasmus belgesel\w* askere\w* is_buldu askerlik\w* bedelli\w*
    gonullu\w* teyze\w* dayi\w* akraba\w* is_icin mezar\w* donuyor\w* donecek\w* donecegiz
    memleket\w* universite\w* evimize yerlesiyoruz yerlesecegiz askerlig\w* hava_cephe\w*""")
# To fight: the departure names the fighting; kinship words do not silence it (a fighter says
# goodbye to his family too), only military service, history, Hajj and visits do.
TR_FIGHT = w(r"""
    savasmak\w* savasmaya savasacag\w* savasacak\w* savasan cihad\w* cihat\w* mucahit\w*
    mucahid\w* cephe\w* silahli_grub\w* isid\w* daes\w* hilafet\w*""")
TR_LEAVE = w(r"""
    gidiyor\w* gidiyo gidecek\w* gidecegi\w* gitmek\w* gitmeye gidip yola_cik\w* ucuyor\w*
    ucacak\w* bilet\w* gececek\w* gecece\w* katilacak\w* katilmak\w* katilmaya otobus\w*
    ucag\w* ucak\w* otogar\w*""")
TR_FIGHT_OK = w(r"""
    askerlik\w* askerlig\w* askere\w* asker\w* bedelli\w* ordu\w* canakkale\w* kurtulus_savas\w*
    dedelerimiz\w* tarih\w* nefis\w* nefsi\w* ziyaret\w* tatil\w* umre\w* hac\w* gonullu\w*
    hava_cephe\w* soguk_hava\w* bina\w* kaplama\w* boya\w*""")
# Damascus, Raqqa, Mosul (Şam'a -> "sama"); only with a fight or no-return cue
TR_CITY = w(r"sam sama samda samdaki samdan sam_a rakka\w* musul\w*")
TR_BROTHERS = r"\bkardesler(?:in|imizin) yanin\w*"
TR_NO_RETURN = w(r"""
    donmeyece\w* donmemek tek_yon\w* beni_merak_etmey\w* beni_aramay\w* sinir(?:i|a|da|dan|in)""")
TR_HIJRA = r"\bhicret\w*\b"
TR_SUICIDE = (
    r"\b(?:intihar\w*|kendimi oldur\w*|kendini oldur\w*|olmek istiyor\w*|olmek istedi\w*|"
    r"yasamak istemiyor\w*|atlayacag\w*|atlayacak\w*|ip hazir|ipi bile aldim|haplari biriktir\w*|"
    r"veda mektub\w*|yasamanin (?:bir )?anlami (?:yok|kalmadi)|bileklerimi keseceg\w*|"
    r"catiya cikacag\w*|artik olmayacag\w*|son mesajimi yazdim|duvara girecegim)\b"
)
TR_SAD_OK = r"\b(?:dusunmuyorum|atlatirim|gececek biliyorum)\b"

# --- Arabic (folded: ا for all alefs, ه for ة, ي for ى) ---------------------------------------
AR_FUT = w(r"""
    رح راح ح بدو بدي بدها ناوي يبي غادي هي سوف لازم يريد عايز عاوز حيقتل""")
AR_KILL = ar(r"قتل دبح ذبح طخ طعن نحر")
AR_KILL_FUSED = r"\b(?:ه|هي|سي|سا|س|سن|ح|هن|بي|ن|ب|غادي )?(?:يقتل|يدبح|يذبح|يطخ|يطعن|اقتل|ادبح)\w*"
AR_SELF = ar(r"حاله حالي حالها نفسه نفسي نفسها روحي")
AR_IDIOM = ar(r"امتحان خروف خاروف اضحي الاضحي")
AR_THREAT = ar(r"""
    بالقتل تهديدات_بالقتل يستحقون_ان_يحترقوا دمها_حلال دمهم_حلال ينذبحون ينذبحو الدور_عليك
    الدور_عليكم سيرون ستندموا تندموا رح_تندموا يدفعوا_الثمن سيدفعون_الثمن هيدفعوا_التمن""")
AR_TARGET = ar(r"""
    سوق كنيسه كنيس الكنيس جامع مسجد حسينيه محطه جسر كوبري استاد ملعب مدرسه مهرجان كرنفال
    مسيره مظاهره الساحه المركز_التجاري الكاتدرائيه الناس المطار القداس""")
AR_ATTACK = ar(r"""
    هجوم لهجوم يهاجم هيهاجم سيهاجم يهاجموا عمليه_ارهابيه عمليه_استشهاديه عمليه_انتحاريه
    تفجير يفجر هيفجر رح_يفجر حزام_ناسف يحترق تحترك تحترق يولع يدعس يفوت_بالفان يفوت_بالناس
    محدش_هيطلع_عايش يدخل_بعربيه ينسف يحرق يطلق_النار""")
# football slang: the fans "blow it up" (the atmosphere)
AR_FANS = r"(?:الجمهور|الجماهير|الالتراس|المشجعين)(?: \S+){0,2} \w*(?:يفجرها|يولعها)\b"
AR_ATTACK_STRONG = ar(r"عمليه_استشهاديه عمليه_انتحاريه 3amaliyye_isteshhadiyye")
AR_INTENT = ar(r"يخطط مخطط يستعد رح راح بدو هي سي ناوي ولع بغا باغي غادي عايز عاوز")
AR_INTENT = f"(?:{AR_INTENT}|{SOON})"
AR_VEHICLE = ar(r"فان شاحنه عربيه سياره بيكب ونيت شاحنه_تاجير")
AR_VEHICLE_DO = ar(r"يفوت يدعس يدخل بالناس وسط_الناس استاجر اجر حواجز البلوكات المسافه")
AR_MAP = ar(r"خريطه مخطط صور يصور يصوّر رسم البوابات")
AR_MARK = ar(r"دائره تاريخ موعد كاتب")
# a plan of a place with a day (the weekday alone is the time): exact "drew" forms, not رسمي
AR_MAP_OF = (
    r"(?:"
    + ar(r"خريطه خارطه مخطط مخططا كروكي بلان المداخل مداخل المخارج البوابات الكاميرات الحراس")
    + r"|\b(?:و|ب|ل|ف)?(?:رسم|رسمه|رسمها|راسم|راسمه|رسمت)\b)"
)
AR_RECON = (
    r"\b(?:و|ف|ب)?(?:كاتب|كتب|مكتوب|حاطط|حط|اشاره|دائره|معلم|يعد|بيعد|يراقب|بيراقب|مخبي|محتفظ|"
    r"عنده|عندو|معه|معاه|لقيت|وجدت|رسم|راسم|يصور|بيصور|كيصور|صور)(?:ه|ها|هم|و|ت|لي)?\b"
)
AR_MAP_OK = (
    r"(?:"
    + ar(r"""
    مشروع الجغرافيا مسابقه رحله زياره زرنا نزور عرس فرح زفاف اكليل معموديه خطوبه الماتش ماتش
    مباراه تذاكر يصف نلاقي الباركينج""")
    + r"|\b(?:وين|فين|كيف)\b)"
)
AR_MARTYR = (
    r"(?:سانال الشهاده|\w*سالتحق بالشهداء|رح كون شهيد|ويصير شهيد|يصير شهيد|يلقي ربنا شهيد|"
    r"هيلقي ربنا|ra7 kun shahid|kun shahid|ساكون شهيد|سيصبح شهيد|نلقى الله|يلقي الله اليوم)"
)
AR_WEAPON = ar(r"""
    سلاح اسلحه مسدس فرد فشك كلاشنكوف بارود ذخيره متفجرات قنبله قنابل حزام_ناسف ساطور
    سكاكين زناد السبطانه""")
AR_GET = ar(r"""
    لقيت وجدت اشترى اشتري شرا عنده معه معاه مخبي مخبا مخبيها يصنع يعمل يسوي يسوي بيعمل
    بغرفته تحت جايب يطلب يخزن الدارك بشنطه شنطه بكراج كراج القبو بالسياره حقيبه""")
AR_SLANG = ar(r"كان_قنبله قنبله_بجد الاكل_قنبله بيقول_قنبله")
AR_PARTS = ar(r"""
    مسامير براغي طنجره_ضغط قدر_ضغط اسيتون سماد مازوت قناني_الغاز انابيب_بوتاجاز بوطات
    اسلاك بطاريات بطاريه تايمر توقيت بارود شرطان ماء_اكسجين""")
AR_PARTS = rf"(?:{AR_PARTS}|\b(?:aceton|ma2 oxygen)\b)"
AR_HARMLESS_PARTS = ar(r"الزيتون للتراكتور للزيتون فلاح")
AR_DEST = ar(r"""
    سوريا العراق افغانستان الصومال ادلب الاخوه للاخوه المجاهدين داعش الدوله_الاسلاميه
    الخلافه الجهاد للجهاد عالجهاد بالجهاد الجبهه عالجبهه الحدود منطقه_الحرب الهجره
    يقاتل""")
AR_DEST = rf"(?:{AR_DEST}|\b(?:souriya|el shabab|daesh|3al 7doud)\b)"
AR_GO = ar(r"""
    ينضم يلتحق سيلتحق يقاتل سيقاتل رايح مسافر بيسافر سافر طيارته تذكره ذاهب يروح اروح
    راجع يعود يعبر يعبّر يستلمها يتجوز الهجره يدوز ياخد ياخذ يطلع يمشي""")
AR_GO = rf"(?:{AR_GO}|\b(?:msafer|hayesafer|yenda2)\b)"
AR_VISIT = (
    r"(?:"
    + ar(r"""
    يزور نزور زياره عرس العزا للعزا الدفن جدي ستي تيتو تيته العمره للعمره عمره_مع حج لعيد
    خطبه شغل اهلنا اهلي بيت_اهل جدت يدرس منحه للتجنيد التجنيد الشعبيه""")
    + r"|\b(?:و|ح|رح |هي|بي)?يرجع بعد\b)"
)
# To fight: the departure names the fighting; kinship words do not silence it.
AR_FIGHT = ar(r"""
    الجهاد للجهاد بالجهاد عالجهاد يجاهد المجاهدين للمجاهدين يقاتل المقاتلين بالمقاتلين الجبهه
    عالجبهه داعش لداعش الخلافه""")
AR_LEAVE = ar(r"""
    رايح بيروح يروح هيروح حيروح مسافر سافر يسافر يطلع طالع يمشي ينضم يلتحق الالتحاق تذكره
    طيارته يدوز يعبر يهاجر""")
AR_FIGHT_OK = ar(r"النفس العمره عمره الحج التجنيد العسكريه الصليبيه التاريخ الشعبيه")
# "don't look for me" in the dialects and Arabizi
AR_DONT_LOOK = (
    r"لا تدوروا علي|لا تدورون علي|لا تبحثوا عني|ما ?حدش (?:ي|هي)دور علي|"
    r"ما ?ت?[تق]لبوش علي|\bla (?:t|y)dawr(?:o|ou|u)\b|\bma ?[7h]?adesh (?:y|i)dawar|"
    r"\bma ?t[9q]all?b(?:o|ou)(?:ch|sh)\b|\bma ?t?dawa?r(?:o|ou|u)?(?:sh|ch)\b"
)
AR_SUICIDE = (
    r"(?:\w*نتحر\w*|\w*الانتحار|افكار انتحاريه|يقتل (?:حاله|نفسه)|اقتل حالي|"
    r"بدي موت|بدها تموت|ودي اموت|بغيت نموت|ما (?:عاد |عدت )?بدي عيش|يرمي نفسه|ترمي نفسها|رح تنط|"
    r"الحبل حاضر|رساله وداع|جمعت الحبوب|حبوب منوم|يلقي الله اليوم|يرتاح الليله للابد|"
    r"بدو يرتاح)"
)

# --- Russian and Ukrainian ----------------------------------------------------------------
RU_KILL = w(r"""
    убью убьет убьёт убьют убить убей зарежу зарежет зарезать перережу перережет застрелю
    застрелит застрелить перестрелять прибью вбю вбє вбити вбю зарізати переріже
    застрелить застрелю перестріляти прибє""")
RU_SELF = w(r"себя собой себе собі")
RU_IDIOM = w(r"экзамен\w* іспит\w* жара скука")
RU_THREAT = w(r"""
    угрож\w*_(?:убить|смертью|взорвать|перестрелять) погрож\w*_(?:вбити|смертю|підірвати|
    перестріляти) не_доживет не_доживе получит_по_заслугам отримає_своє заплатят заплатять
    пожалеете пошкодуєте ты_следующий ти_наступний""")
RU_TARGET = w(r"""
    ярмарк\w* концерт\w* синагог\w* церк\w* церкв\w* мечет\w* собор\w* вокзал\w* мост\w*
    міст\w* стадион\w* стадіон\w* школ\w* фестивал\w* парад\w* прайд\w* демонстрац\w*
    торгов\w* участ\w* дільниц\w* свадьб\w* людей""")
RU_ATTACK = w(r"""
    теракт\w* нападени\w* напад\w* напасть напасти взорвет_себя взорвёт_себя подорвет_себя
    подорвет подорве_себя підірве_себя підірве смертник\w* мученичеств\w* мучеництв\w*
    въедет вїде резать різатиме зарезать зарізати живым_никто живим_не ґвалт_і_кров
    гвалт_і_кров сколько_успеет скільки_встигне""")
RU_INTENT = w(r"""
    готов\w* готу\w* планир\w* планує собира\w* збира\w* хочет хоче устроит влаштує
    совершит здійснить станет стане сказал сказав говорит каже""")
RU_INTENT = f"(?:{RU_INTENT}|{SOON})"
RU_MARTYR = w(r"шахид\w* шахід\w* смертник\w* рай")
RU_WEAPON = w(r"""
    пистолет\w* пістолет\w* ствол оружи\w* зброю зброя калаш\w* автомат винтовк\w*
    гвинтівк\w* рушниц\w* патрон\w* набої взрывчатк\w* вибухівк\w* бомб\w* пояс_шахида
    пояс_смертника гранат\w* травматик\w* мачете""")
RU_GET = w(r"""
    нашла нашел знайшла купил купив спрятан\w* захован\w* делает робить собрать зібрати
    у_него у_нього у_брата у_мужа в_шкафу в_шафі под_матрасом під_матрацом даркнет\w*
    переделыва\w* достать дістати есть є у_\w+ рюкзак\w* сумк\w* багажник\w*""")
RU_SLANG = r"\b(?:фильм|фільм) просто бомба|\bговорит бомба|\bкаже бомба"
RU_PARTS = w(r"""
    удобрени\w* добрив\w* дизел\w* солярк\w* гвозд\w* цвях\w* шуруп\w* скороварк\w*
    газов\w*_баллон\w* газов\w*_балон\w* ацетон перекис\w* провод\w* дрот\w* батарейк\w*
    таймер\w* порох труб\w*""")
RU_DEST = w(r"""
    сири\w* ирак\w* ірак\w* афганистан\w* афганістан\w* игил\w* іділ\w* даиш халифат\w*
    халіфат\w* джихад\w* братьям братям братів братами братьями моджахед\w* боевик\w*
    бойовик\w* фронт\w* боевых_действий бойових_дій сахел\w* сёстрам сестрам сестер
    угруповання исламск\w*_государств\w* ісламськ\w*_держав\w*""")
RU_GO = w(r"""
    едет уезжает уехал летит вылет рейс вступить уходит воевать билет собрал\w* їде
    виїжджає поїхав поїхати летить виліт вступити йде воювати квиток зібрал\w* отвезут
    відвезуть замуж заміж приєднатися хиджр\w* хіджр\w* uekhal увезти вивезти""")
RU_VISIT = w(r"""
    навестить бабушк\w* похорон\w* свадьб\w* весілл\w* дедушк\w* бабус\w* умру хадж
    отпуск\w* відпуст\w* работу роботу""")
RU_SUICIDE = (
    r"\b(?:поконч\w* с собой|поконч\w* (?:із|з) собою|покінч\w* (?:із|з) собою|"
    r"убь[её]т себя|убить себя|убью себя|вбє себя|вбє себе|вбити себе|вбю себе|"
    r"хоч(?:у|ет|е) умереть|хоч(?:у|е) померти|не хоч(?:у|ет|е) (?:больше |більше )?жит[ьи]|"
    r"не хоч(?:у|е) прокидатися|самоубийств\w*|самогубств\w*|суицид\w*|суїцид\w*|"
    r"прыгн\w*|стрибне\w*|веревка готова|мотузка готова|прощальн\w* (?:письмо|листа)|"
    r"таблетки накопила|пігулки вже зібрала|жить незачем|вкоротити собі віку|"
    r"ne mog[uy] bolshe|ne mozhu bilshe)\b"
)


def _fut_kill(fut: str, kill: str, n: int = 2) -> str:
    return then(fut, kill, n)


# Rules in priority order: attack > threat_to_kill > travel_to_fight > weapons > suicide.
_RULES: tuple[_Rule, ...] = (
    # attack
    _rule("ml.en.attack_plan", A, near(EN_ATTACK_NOUN, EN_INTENT, 8)),
    _rule(
        "ml.en.attack_target",
        A,
        near(
            EN_TARGET,
            rf"(?:{EN_KILL}|attack\w*|blow\w* up|burn|"
            r"ram|stab\w*|flames|nobody walks out alive|deserve to burn)",
            8,
        ),
        requires=rf"\b(?:{EN_INTENT})\b",
    ),
    _rule(
        "ml.en.mass_kill",
        A,
        rf"\b{EN_KILL}\w* as many\b|\bas many (?:people )?as possible\b"
        r"|\btakes? as many with him\b",
    ),
    _rule(
        "ml.en.vehicle",
        A,
        near(EN_VEHICLE, EN_VEHICLE_DO, 8),
        requires=rf"\b(?:{EN_TARGET}|{EN_BARRIER})\b",
        unless=r"\bmove\w*|moving|sofa\b",
    ),
    _rule("ml.en.barrier", A, near(EN_VEHICLE, EN_BARRIER, 12)),
    _rule(
        "ml.en.map",
        A,
        near(EN_MAP, EN_MARK, 12),
        requires=rf"\b{EN_TARGET}\b",
        unless=r"\b(?:project|course|photography|sunset|homework)\b",
    ),
    _rule(
        "ml.en.martyr",
        A,
        near(
            EN_MARTYR,
            rf"(?:{SOON}|become\w*|becomes|join|attains|among"
            r"|i ll be|he ll be|ready)",
            6,
        ),
    ),
    _rule("ml.az.martyr", A, near(AZ_MARTYR, rf"(?:{SOON}|ra7|kun|yom|kuffar)", 6)),
    _rule("ml.az.attack", A, r"\b3amaliyye isteshhadiyye\b|\bsekkina\b"),
    _rule("ml.tr.attack", A, near(TR_ATTACK, rf"(?:{TR_TARGET}|{TR_INTENT})", 10)),
    _rule(
        "ml.tr.vehicle",
        A,
        near(TR_VEHICLE, TR_VEHICLE_DO, 10),
        requires=rf"\b{TR_TARGET}\b",
        unless=r"\b(?:tasin\w*|esya\w*|ev\w*)\b",
    ),
    _rule(
        "ml.tr.map",
        A,
        near(TR_MAP, TR_MARK, 12),
        requires=rf"\b{TR_TARGET}\b",
        unless=r"\b(?:odev\w*|cografya\w*|proje\w*)\b",
    ),
    _rule(
        "ml.tr.map_day",
        A,
        TR_MAP_OF,
        requires=rf"\A(?=.*\b{SOON}\b)(?=.*\b{TR_RECON}\b)",
        unless=rf"\b{TR_MAP_OK}\b",
    ),
    _rule("ml.tr.martyr", A, TR_MARTYR),
    _rule(
        "ml.ar.attack",
        A,
        near(AR_ATTACK, rf"(?:{AR_TARGET}|{AR_INTENT})", 10),
        unless=AR_FANS,
    ),
    _rule("ml.ar.attack_strong", A, AR_ATTACK_STRONG),
    _rule("ml.ar.mass_kill", A, near(AR_KILL, ar("اكبر_عدد اكثر_عدد الكفار"), 6)),
    _rule(
        "ml.ar.vehicle",
        A,
        near(AR_VEHICLE, AR_VEHICLE_DO, 10),
        requires=AR_TARGET,
        unless=ar("ننقل البيت_الجديد الاغراض"),
    ),
    _rule(
        "ml.ar.map", A, near(AR_MAP, AR_MARK, 12), requires=AR_TARGET, unless=ar("مشروع الجغرافيا")
    ),
    _rule(
        "ml.ar.map_day",
        A,
        near(AR_MAP_OF, AR_TARGET, 5),
        requires=rf"\A(?=.*\b{SOON}\b)(?=.*{AR_RECON})",
        unless=AR_MAP_OK,
    ),
    _rule("ml.ar.martyr", A, AR_MARTYR),
    _rule(
        "ml.az.place_attack",
        A,
        near(AZ_ATTACK, rf"(?:{AZ_TARGET}|{AZ_PEOPLE}|{SOON})", 10),
        unless=AZ_SPORT,
    ),
    _rule(
        "ml.az.vehicle",
        A,
        near(AZ_DRIVE, AZ_PEOPLE, 4),
        requires=AZ_VEHICLE,
        unless=r"\b(?:frein|fren|benzin\w*|dawse)\b",
    ),
    _rule(
        "ml.az.map_day",
        A,
        near(AZ_MAP, AZ_TARGET, 5),
        requires=rf"\A(?=.*\b{SOON}\b)(?=.*\b{AZ_RECON}\b)",
        unless=rf"\b{AZ_MAP_OK}\b",
    ),
    _rule(
        "ml.ru.attack",
        A,
        near(RU_ATTACK, rf"(?:{RU_TARGET}|{RU_INTENT})", 10),
        unless=r"\b(?:баран\w*|овц\w*|овец|курбан\w*|ягн\w*)\b",
    ),
    _rule(
        "ml.ru.martyr",
        A,
        near(RU_MARTYR, rf"(?:{RU_INTENT})", 6),
        unless=r"\b(?:дрон\w*|шахед\w*)\b",
    ),
    _rule("ml.ru.mass_kill", A, near(RU_KILL, w("как_можно_больше якомога_більше"), 4)),
    # threat_to_kill
    _rule(
        "ml.en.threat",
        T,
        then(EN_WILL, rf"{EN_KILL}\w*", 2) + rf"(?: \S+){{0,2}} {EN_PERSON}",
        unless=EN_SELF + r"|\b(?:sheep|lamb|goat|eid|qurban|chicken)\b",
    ),
    _rule(
        "ml.en.threat_words",
        T,
        r"\b(?:death threats?|threaten\w* (?:\S+ ){0,2}(?:kill|shoot|"
        r"blow up|murder)\w*|won ?t live to see|won ?t make it home|won ?t leave \w+ in one piece"
        r"|blood is halal|deserve to be slaughtered|will pay|knows where \S+ (?:\S+ )?lives|"
        r"apostates don ?t get old|dealt with one by one|will see|has until friday)\b",
    ),
    _rule(
        "ml.en.threat_throat",
        T,
        then(EN_WILL, r"cut (?:his|her|my|your|their) (?:throat|face)", 2),
    ),
    _rule(
        "ml.ar.threat_threaten",
        T,
        near(ar("هدد تهدد يهدد هددها هدده هددني"), ar("يقتل يطلق يذبح يدبح يرش يطخ"), 5),
    ),
    _rule("ml.az.threat", T, then(AZ_FUT, AZ_KILL, 2), unless=r"\b7al(?:i|o|ha)\b"),
    _rule("ml.az.threat_words", T, r"\bdamm(?:ha|hom|o) 7alal\b"),
    _rule(
        "ml.az.pay_price",
        T,
        r"\b(?:ha|ra7 |hay|bi)?y?e?dfa3(?:o|ou|u|oo)? (?:el ?)?(?:taman|tamn|thaman)\b",
        requires=rf"\b(?:{AZ_SOON}|bokra|kuffar|madrasa|mosadas|sla7)\b",
    ),
    _rule("ml.tr.threat", T, rf"\b{TR_KILL_FUT}\b", unless=rf"{TR_SELF}|\b{TR_IDIOM}\b"),
    _rule(
        "ml.tr.threat_words",
        T,
        r"\b(?:olum tehdit\w*|tehdit ediyor|tehdit etti|bedelini "
        r"odeyecek|kanin helal|sira sende|sira sana|cezasi olumdur|dugunu goremeyecek\w*|"
        r"gununu gosterecek\w*|seni bekliyoruz|kezzap atilacag\w*|basina bir is gelecek|"
        r"basina yikariz|hak ettigini bulacag\w*|hak ettiklerini gorecek\w*)\b",
    ),
    _rule(
        "ml.ar.threat",
        T,
        rf"(?:\b{AR_FUT} {AR_KILL}|{AR_KILL_FUSED})",
        unless=rf"{AR_SELF}|{AR_IDIOM}",
    ),
    _rule("ml.ar.threat_words", T, AR_THREAT),
    _rule(
        "ml.ru.threat",
        T,
        rf"\b{RU_KILL}\b",
        unless=rf"\b(?:{RU_SELF}|{RU_IDIOM}|убить готов\w*|за хорош\w*)\b",
    ),
    _rule(
        "ml.ru.threat_words",
        T,
        rf"\b{RU_THREAT}\b|\bугрожа\w* смерт\w*|\bпогрожу\w* смерт\w*"
        r"|\bкровь халяль|\bкров халяль|\bзнаю в какую школу",
    ),
    # travel_to_fight
    _rule("ml.en.travel", V, near(EN_DEST, EN_GO, 8), unless=rf"\b{EN_VISIT}\b"),
    _rule(
        "ml.en.hijra",
        V,
        near(r"hijrah?", rf"(?:{SOON}|making|make|leaving|going)", 4)
        + r"|\bone way\b(?: \S+){0,10} (?:border|brothers|turkey|"
        r"gaziantep|adana|antakya|hatay|kilis|urfa|sanliurfa|reyhanli)\b|\bdont look for me\b"
        # no way back: the passport of the country left behind no longer needed
        r"|\b(?:won ?t|will not|wont|doesn ?t|does not) need (?:his|her|my|their) (?:\w+ )?"
        r"passports? (?:any ?more|again)\b",
    ),
    _rule("ml.tr.travel", V, near(TR_DEST, TR_GO, 8), unless=rf"\b{TR_VISIT}\b"),
    _rule("ml.tr.fight_trip", V, near(TR_FIGHT, TR_LEAVE, 6), unless=rf"\b{TR_FIGHT_OK}\b"),
    _rule(
        "ml.tr.brothers",
        V,
        TR_BROTHERS,
        requires=rf"\b(?:{TR_DEST}|{TR_CITY}|{TR_FIGHT}|{TR_NO_RETURN})\b",
        unless=rf"\b{TR_VISIT}\b",
    ),
    _rule(
        "ml.tr.city_fight",
        V,
        near(TR_CITY, TR_FIGHT, 8),
        requires=rf"\b{TR_GO}\b",
        unless=rf"\b{TR_FIGHT_OK}\b",
    ),
    _rule(
        "ml.tr.city_no_return",
        V,
        near(TR_CITY, TR_NO_RETURN, 8),
        requires=rf"\b{TR_GO}\b",
        unless=rf"\b{TR_VISIT}\b",
    ),
    _rule("ml.tr.hijra", V, TR_HIJRA + r"|\btek yon\w*\b(?: \S+){0,8} sinir\w*|\bbeni aramay\w*"),
    _rule("ml.ar.travel", V, near(AR_DEST, AR_GO, 8), unless=AR_VISIT),
    _rule("ml.ar.fight_trip", V, near(AR_FIGHT, AR_LEAVE, 8), unless=AR_FIGHT_OK),
    _rule("ml.ar.hijra", V, rf"\w*الهجره\w*|\w*بيهاجر\w*|{AR_DONT_LOOK}|ما ra7 yerja3"),
    _rule("ml.az.travel", V, near(AZ_DEST, AZ_GO, 8), unless=rf"\b{AZ_VISIT}\b"),
    _rule("ml.az.fight_trip", V, near(AZ_FIGHT, AZ_GO, 8), unless=rf"\b{AZ_FIGHT_OK}\b"),
    _rule("ml.ru.travel", V, near(RU_DEST, RU_GO, 8), unless=rf"\b{RU_VISIT}\b"),
    _rule("ml.ru.hijra", V, r"\b(?:хиджр\w*|хіджр\w*|не ищите меня|не шукайте мене)\b"),
    # weapons
    _rule(
        "ml.en.weapon",
        W,
        near(EN_WEAPON, EN_GET, 6),
        unless=r"\b(?:the bomb|planted|bomb squad|bomb technician|defused|water ?gun|nerf)\b",
    ),
    _rule("ml.tr.weapon", W, near(TR_WEAPON, TR_GET, 6), unless=TR_SLANG + r"|\bkurban\w*|\bav\b"),
    _rule("ml.ar.weapon", W, near(AR_WEAPON, AR_GET, 6), unless=AR_SLANG + "|" + AR_IDIOM),
    _rule("ml.az.weapon", W, r"\bjible fard\b|\bfard\b(?: \S+){0,4} jem3a"),
    _rule("ml.ru.weapon", W, near(RU_WEAPON, RU_GET, 6), unless=RU_SLANG),
    # suicide (never silenced by an informational frame; a joke or sadness "but ok" silences)
    _rule("ml.en.suicide", S, EN_SUICIDE, unless=EN_SAD_OK, frame="joke"),
    _rule("ml.az.suicide", S, AZ_SUICIDE, frame="joke"),
    _rule("ml.tr.suicide", S, TR_SUICIDE, unless=TR_SAD_OK, frame="joke"),
    _rule("ml.ar.suicide", S, AR_SUICIDE, frame="joke"),
    _rule("ml.ru.suicide", S, RU_SUICIDE, frame="joke"),
)

_PARTS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("en", re.compile(rf"\b{EN_PARTS}\b"), re.compile(rf"\b{EN_HARMLESS_PARTS}\b")),
    ("tr", re.compile(rf"\b{TR_PARTS}\b"), re.compile(rf"\b{TR_HARMLESS_PARTS}\b")),
    ("ar", re.compile(AR_PARTS), re.compile(AR_HARMLESS_PARTS)),
    ("az", re.compile(rf"\b{AZ_PARTS}\b"), re.compile(rf"\b{AZ_HARMLESS_PARTS}\b")),
    ("ru", re.compile(rf"\b{RU_PARTS}\b"), re.compile(r"\b(?:огород\w*|дач\w*|рецепт\w*)\b")),
)
_PART_CUE = re.compile(
    rf"\b(?:{SOON}|{EN_TARGET}|build\w*|bomb\w*|wrapped|taped|tape|circled|for the day|"
    rf"{TR_TARGET}|bomba\w*|bantla\w*|karistir\w*|{AZ_TARGET}|"
    r"\w*قنبله|ملزوق\w*|كاتب|\w*الكنيسه|\w*الملعب|\w*المحطه|\w*الكاتدرائيه|"
    r"бомб\w*|примотан\w*|заглушк\w*)\b"
)
_NO_GARDEN = re.compile(r"\b(?:dont|don t|do not) even have a garden|\bbahcemiz yok|سماد واحنا ما")


_PARTS_RULE = _rule("ml.parts", W, r"$^")


def _parts_fire(text: str) -> bool:
    """Two or more bomb ingredients with a build intent, a place or a time; or three or more."""
    for _lang, parts, harmless in _PARTS:
        found = {m.group(0).split()[0][:5] for m in parts.finditer(text)}
        if len(found) < 2:
            continue
        # a farm or kitchen word explains the parts, unless a target or a day is named too
        if harmless.search(text) and not (_NO_GARDEN.search(text) or _PART_CUE.search(text)):
            continue
        if len(found) >= 3 or _PART_CUE.search(text) or _NO_GARDEN.search(text):
            return True
    return False


def _silenced(rule: _Rule, frames: dict[str, bool]) -> bool:
    if rule.frame == "none":
        return False
    if frames["joke"]:
        return True
    if rule.frame == "joke":
        return False
    if frames["definition"]:
        return True
    if rule.kind == "threat_to_kill" and frames["trivial"]:
        return True
    return (frames["game"] or frames["story"]) and not frames["soon"]


def _frames(raw: str, text: str) -> dict[str, bool]:
    return {
        "joke": bool(_LAUGH.search(raw) or _JOKE.search(text)),
        "definition": bool(_DEFINITION.search(text)),
        "trivial": bool(_TRIVIAL.search(text)),
        "game": bool(_GAME.search(text)),
        "story": bool(_STORY.search(text)),
        "soon": bool(_SOON.search(text)),
    }


# The rules of one script need a letter of it: most messages are German in Latin letters, and
# the Arabic patterns (stems inside words) are the dearest to try on them. Arabizi rules are
# ``ml.az`` and stay; a rule of ``ml.ar`` or ``ml.ru`` can only match with its script's letters.
_SCRIPT_OF_RULES = {
    "ml.ar.": re.compile("[\u0600-\u06ff]"),
    "ml.ru.": re.compile("[\u0400-\u04ff]"),
}


_LATIN_WORD = re.compile(r"[a-z]{3}")


def _needs_script(rule: _Rule) -> str | None:
    """The rule-name prefix whose script the rule needs, or None: a rule whose main pattern
    also spells words in Latin letters (Arabizi, transliterated Russian) needs none."""
    for prefix in _SCRIPT_OF_RULES:
        if rule.name.startswith(prefix) and not _LATIN_WORD.search(rule.pattern.pattern):
            return prefix
    return None


def _rules_for(text: str) -> tuple[_Rule, ...]:
    absent = {p for p, script in _SCRIPT_OF_RULES.items() if not script.search(text)}
    if not absent:
        return _RULES
    return tuple(rule for rule in _RULES if _NEEDS_SCRIPT[rule.name] not in absent)


def _verdict(
    text: str, raw: str, make: Callable[[DangerKind, str], DangerAssessment]
) -> DangerAssessment | None:
    # A rule fires when none of its frames silences it and its keys, ``requires`` and
    # ``pattern`` match and ``unless`` does not; the frames are read last, and once.
    frames: dict[str, bool] | None = None
    parts_checked = False
    for rule in _rules_for(text):
        if rule.kind == "suicide" and not parts_checked:
            parts_checked = True
            if _parts_fire(text):
                frames = frames or _frames(raw, text)
                if not _silenced(_PARTS_RULE, frames):
                    return make("weapons", "ml.parts")
        if not all(key.search(text) for key in rule.keys):
            continue
        if rule.requires is not None and not rule.requires.search(text):
            continue
        if rule.unless is not None and rule.unless.search(text):
            continue
        if not rule.pattern.search(text):
            continue
        frames = frames or _frames(raw, text)
        if not _silenced(rule, frames):
            return make(rule.kind, rule.name)
    return None


_NEEDS_SCRIPT = {rule.name: _needs_script(rule) for rule in _RULES}
_LONG_WORD = re.compile(r"\w{40,}")


def assess_multilingual(text: str) -> DangerAssessment:
    """Rule verdict for ``text`` in en/tr/ar (incl. dialects, Arabizi)/ru/uk; never raises."""
    from bot.safety.detect import DangerAssessment  # lazy: detect imports this module lazily

    if not isinstance(text, str) or not text.strip():
        return DangerAssessment()
    if len(text) > _MAX_CHARS:
        text = text[: _MAX_CHARS // 2] + " \n " + text[-_MAX_CHARS // 2 :]
    # Many patterns start with \w* (Arabizi and Turkish prefixes); over one very long "word"
    # each start position scans to its end. No word of these languages is that long.
    text = _LONG_WORD.sub(" ", text)
    folded = fold_multilingual(text)
    if not folded:
        return DangerAssessment()
    verdict = _verdict(folded, text, DangerAssessment)
    return verdict if verdict is not None else DangerAssessment()
