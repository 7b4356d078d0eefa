"""Pattern rules for :mod:`bot.safety`, in priority order, over normalised text.

A rule fires when its pattern matches, its ``requires`` pattern (if any) also matches, its
``unless`` pattern does not, and (with ``anchor``) the text names a concrete person.
``gated`` rules are skipped in informational sentences (definition questions, general
questions without a concrete person, news and history). Rule names are logged, never text.
Killing verbs ("bringt ihn um", "sich umbringen") need a look at the object and are handled
in code by :mod:`bot.safety.context`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.safety import lexicon as L
from bot.safety.lexicon import AE, OE, UE, near, then, words

DangerKind = Literal["attack", "weapons", "threat_to_kill", "travel_to_fight", "suicide"]


@dataclass(frozen=True)
class Rule:
    name: str
    kind: DangerKind
    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    anchor: bool = False
    gated: bool = True
    key: re.Pattern[str] | None = None  # cheap pre-check: the rarer word of a co-occurrence


def _r(
    name: str,
    kind: DangerKind,
    pattern: str | tuple[str, str],
    requires: str | None = None,
    unless: str | None = None,
    anchor: bool = False,
    gated: bool = True,
) -> Rule:
    def opt(p: str | None) -> re.Pattern[str] | None:
        return re.compile(p) if p else None

    pattern, key = pattern if isinstance(pattern, tuple) else (pattern, None)
    compiled = re.compile(pattern)
    return Rule(name, kind, compiled, opt(requires), opt(unless), anchor, gated, opt(key))


def co(rare: str, other: str, n: int) -> tuple[str, str]:
    """``rare`` near ``other`` (either order), with ``rare`` as the pre-check."""
    return near(rare, other, n), rf"\b{rare}"


# Extra phrases (normalised text).
_INTENT = rf"\b{L.INTENT}\b"
_SHOOT = words(rf"""
    (?:er)?schie\w* abknall\w* abzuknallen niederschie\w* ballern abschlacht\w*
    abzuschlachten abstech\w* abzustechen {UE}berfahr\w* niederm{AE}h\w*""")
_MASS_KILL = rf"(?:{_SHOOT}|{L.KILL})"
_GROUP = rf"\b{L.VICTIM_GROUP}\b"
_MARTYR = words(rf"m{AE}rtyrer\w* schahid\w* shahid\w* schaheed shaheed istisch?had\w*")
_DIE = words(rf"sterben stirbt werden wird will m{OE}chte tod mitnehmen")
_ASSAULT = words(rf"""
    angreif\w* anzugreifen angriff\w* st{UE}rmen anz{UE}nd\w* anzuz{UE}nden abfackeln
    abzufackeln in_brand niederbrennen niederzubrennen""")
_BOMB = words(rf"bomben? sprengs{AE}tz\w* sprengstoff\w*")
_DETONATE = words(rf"""
    hochgehen z{UE}nden zu_z{UE}nden legen zu_legen platzier\w* deponier\w* mitbring\w*
    mitzubringen""")
_STRIKE = words(rf"zu_?schl{AE}g\w* zuzuschlagen schl{AE}gt_(?:\S+_)?zu")
_STRIKE_CUE = rf"(?:{L.SOON}|{L.FIGHT_GROUP}|{L.VICTIM_GROUP}|allah)"
_BANG = words(r"knallt_es kracht_es knallen_lassen krachen_lassen wird_(?:es_)?(?:knallen|krachen)")
_BANG_WORDS = words(rf"werdet bereuen ungl{AE}ubig\w* kuffar rache alle_sehen sehen")
_BANG_CUE = rf"(?:{_BANG_WORDS}|{L.SOON})"
_HAPPEN = r"(?:soll|wird|werden|sollen)(?: \S+){0,2} (?:passieren|geschehen|knallen|brennen)"
_CROWD = rf"(?:{L.TARGET}|vielen? (?:menschen|leute))"
_PLOT = words(rf"pl{AE}n\w* vorhab\w* vorbereit\w* vorhat")
_PLOT_OBJ = rf"(?:(?:was|etwas) (?:grosses|schlimmes|krasses)|gegen (?:\w+ )?{L.VICTIM_GROUP})"
_BLOW_UP = (
    r"\bin die luft (?:zu )?(?:spreng|jag)\w*|\b(?:spreng|jag)\w*(?: \S+){0,4} in die luft\b"
    r"|\bhochzujagen\b|\bhochjagen\b"
)
_VEHICLE = (
    r"\b(?:in|durch|auf) (?:die|eine|den|einen|das) (?:\S+ )?(?:menschenmenge|menge|leute|"
    r"menschen|fussgaengerzone|weihnachtsm(?:ae|a)rkt\w*|markt|demo\w*)(?: \S+){0,2} "
    r"(?:fahr|ras|steuer|lenk|brett)\w*"
)
_TRUCK = words(r"lkw laster transporter lieferwagen")
_CLAIM = rf"\bbekenner\w*|\b(?:abschieds|m{AE}rtyrer)video\w*"
_VICTIMS = rf"(?:{L.VICTIM_GROUP}|alle|ihr|du|jeder\w*|jede)"
_MUST_DIE = rf"(?:sterben {L.MUST}|{L.MUST} sterben)"
_DEATH = (
    r"\bverdien\w* (?:den|zu) tod\b|\bmit dem tod\w* (?:be|ge)?droh\w*|\btodesdroh\w*"
    r"|\btodesliste\w*|\btod den\b|\b(?:der|die) n(?:ae|a)chste\w*(?: \S+){0,2} (?:stirbt|dran)\b"
    r"|\bsonst (?:bist|bin|seid|ist|sind) \S+ tot\b|\bdroh\w*(?: \S+){0,3} mit dem tod\b"
    r"|\bliste (?:\S+ ){0,7}(?:sterben|toeten|umbringen|erschiessen)\w*"
    r"|\bwissen wo (?:ich|wir|du|er|sie) wohn\w*|\bich werde (?:\S+ ){0,2}(?:verfolgt|bedroht)\b"
    r"|\bmach\w* (?:\S+ )?(?:alle|ihn|sie|dich|euch|jeden|den|die) (?:\S+ )?kalt\b"
    r"|\b(?:knall|stich|stech|schlacht)\w* (?:\S+ )?(?:alle|ihn|sie|dich|euch|jeden|den|die) "
    r"(?:\S+ )?ab\b"
)
_JIHAD = r"\b(?:in den|zum) (?:heiligen )?(?:d?(?:sch|j)ihad|heiligen krieg)\b"
_JIHAD_WORD = r"(?:d?(?:sch|j)ihad\w*|heiligen krieg)"
_LEAVE_SOON = (
    r"(?:(?:geht|gehen|zieht|ziehen|fliegt|faehrt|reist)(?: \S+)? (?:bald|morgen|los|weg|"
    r"naechste\w*)|bald weg|ist weg|faehrt \S+ \S+ los|geht los)"
)
_JOIN = words(r"anschliessen anzuschliessen angeschlossen schliesst_sich beitreten beizutreten")
_FIGHT = rf"(?:(?:zu |ge)?k{AE}mpf(?:en|t|e|st)?)"
_FIGHT_FOR = (
    rf"(?:f{UE}rs? (?:den |die |das )?(?:is|isis|islamischen staat|kalifat|allah|d?(?:sch|j)ihad|"
    rf"taliban|br{UE}der\w*|sache)|in (?:syrien|irak|afghanistan)|dort|daesh)"
)
_DEST = rf"(?:nach|noh|na|in den|ins|in die|zum|zur|richtung) {L.DEST}"
_BARE_DEST = rf"\b(?<!aus )(?<!von )(?<!vom ){L.DEST}"
_NOT_HOLIDAY = rf"\b{L.TRAVEL_HARMLESS}\b"
_CALIPHATE_GO = words(r"dahin da_hin dorthin hin ausreis\w* auswander\w* leben reisepass pass")
_TO_GROUP = rf"(?:zum|zur|zu den|zu der|zu) {L.FIGHT_GROUP_STRICT}"
_WITH_GROUP = rf"(?:bei den|beim) {L.FIGHT_GROUP_STRICT}"
_IS_THERE = words(rf"ist sei lebt wohnt angekommen jetzt schon k{AE}mpft")
_GO = words(rf"""
    will wollen m{OE}chte geht gehen ist fliegt reist weg los weiter abgehauen unterwegs
    ziehen zieht pl{AE}n\w* ausreis\w* flieg\w* reis\w*""")
_FRONT = rf"\ban die front\b|\b{UE}ber die grenze\b(?! hinweg)"
_FIGHTER = words(rf"k{AE}mpfer\w* mu(?:d?sch|j)ahid\w* d?(?:sch|j)ihadist\w*")
_MARRY = r"(?:heirat\w*|verlobt\w*|zu ihm)"
_HIJRA = words(r"hid?schra hijrah?")
_HIJRA_DO = words(rf"macht machen will plant geht gehen vorhat m{OE}chte")
_EMIGRATE = r"(?:auswander\w*|auszuwandern)"
_EMIGRATE_TO = words(rf"k{AE}mpf\w* kalifat dar_al_islam islamische\w*_land br{UE}der\w*")
_HARMLESS_WEAPON = rf"\b{L.WEAPON_HARMLESS}\b"
_SEEK = rf"\ban (?:\S+ )?{L.WEAPON} (?:zu )?(?:kommt|kommen|rankommen|ranzukommen|gelangt)\b"
_PRECURSOR = words(rf"d{UE}nger chemikalien nitrat\w* aceton wasserstoffperoxid")
_ANY_PRECURSOR = words(rf"d{UE}nger chemikalien \w*nitrat\w* aceton wasserstoffperoxid")
# What the precursors are for: blowing up, revenge, a crowd or "trying it out" at an event.
_EXPLOSIVE = words(rf"""sprengstoff\w* bomben\w* explosiv\w* sprengen rache ungl{AE}ubig\w* kuffar
    ausprobier\w* derby fanblock""")
_EXPLOSIVE_OR_CROWD = rf"(?:{_EXPLOSIVE}|{L.TARGET})"
_KNIFE = r"(?:messer|messern|klinge|machete)"
_ON_TARGET = rf"\b{L.ATTACK_NOUN} auf (?:den|die|das|eine|einen|ein|unsere\w*) {L.TARGET}\b"
_PAST = (
    r"\b(?:war|waren|wurde|wurden|gab|damals|passierte|geschah|gestorben|opfer|tote|verletzte)\b"
)
_KEYWORD = r"^(?:\S+ )?(?:suizid\w*|selbstmord(?!\w*(?:anschl|attent))\w*|freitod)(?: \S+)?$"
_NOW = r"(?:gerade|jetzt|sofort|hilfe|dringend|notfall|steht|vor (?:der|unserer|meiner) tuer)"
# Poison put into food or drink, aimed at people, a group, an event or a time.
_SPIKE = (
    r"\b(?:gift\w*|pulver|zeug|fl(?:ae|a)schchen|tropfen|was|etwas|das|mittel|\w*schutzmittel)"
    r"(?: \S+){0,3} (?:ins|in|in die|in den|in das|unter das|unters|unter die) (?:\S+ )?"
    r"(?:essen|getr(?:ae|a)nk\w*|trinkwasser|wasser\w*|bowle|gl(?:ue|u)hwein|kaffee|tee\w*|"
    r"suppe|buffet|speisen|trinken)\b|\bans essen (?:ran|dran)\b"
    r"|\b(?:ins|in die|in den) (?:\S+ )?(?:essen|getr(?:ae|a)nk\w*|trinkwasser|bowle|"
    r"gl(?:ue|u)hwein|suppe|buffet)(?: \S+){0,2} (?:misch\w*|kipp\w*|sch(?:ue|u)tt\w*|tun|tut|"
    r"streu\w*|r(?:ue|u)hr\w*)\b"
)
_SPIKE_CUE = (
    rf"(?:{L.VICTIM_GROUP}|{L.SOON}|{L.TARGET}|alle|leute|menschen|merkt keiner|auff(?:ae|a)llt|"
    r"feier\w*|fest\w*|christen|ungl(?:ae|a)ubig\w*)"
)
# Fire laid or thrown at a place or people.
_ARSON = words(rf"""
    feuer_leg\w* legt_feuer leg_feuer lege_feuer z{UE}nd\w*_(?:\S+_){{0,4}}an anz{UE}nd\w*
    anzuz{UE}nden abfackeln abzufackeln abfackelt in_brand molotow\w* molotov\w* molotof\w*
    mollis? brands{AE}tz\w* brandsatz brandbombe\w* benzin_und_(?:\S+_)?lappen""")
# Lighting something or laying a fire, with hatred of the people it is meant for.
_ARSON_ANY = r"\bzuend\w* (?:\S+ ){0,4}an\b|\bleg\w* (?:\S+ )?feuer\b|\bfeuer (?:\S+ ){0,2}leg\w*"
_ARSON_HATE = (
    rf"\b(?:verdien\w*|rache|kuffar|ungl{AE}ubig\w*|schwul\w*|juden|wenns voll|wenn es voll|"
    r"sollen brennen|sollen alle brennen)\b"
)
_ARSON_CUE = (
    rf"(?:{L.VICTIM_GROUP}|{L.TARGET}|verdient|bar|club|laden|haus|moschee|cemevi|synagoge|"
    r"kirche|heim\w*|unterkunft|schwul\w*|nachts)"
)
# A knife with a grudge, a target or a deed to come.
_ANY_KNIFE = r"(?:\w*messer|messern|klinge\w*|machete\w*)"
_KNIFE_CUE = words(rf"""
    verdien\w* beleidig\w* was_kommt bereit bluten f{AE}llig schleif\w* wetz\w* homos? schwul\w*
    ungl{AE}ubig\w* kuffar geh_ich_los gehe_ich_los nochmal noch_mal zeig_ich_denen
    zeig_ich_euch zeige_ich_denen zeige_ich_euch was_passiert""")
# Echoing a known attack as a plan ("macht Solingen nochmal", "wird wie Breitscheidplatz").
_KNOWN_ATTACK = words(r"""
    solingen breitscheidplatz nizza hanau halle christchurch utoya bataclan magdeburg mannheim
    villach aschaffenburg""")
_ECHO = (
    rf"\b(?:macht|mache|mach|machen|wird|werden|wiederhol\w*)(?: \S+){{0,3}} (?:wie )?(?:in |am )?"
    rf"{_KNOWN_ATTACK}(?: \S+){{0,2}} (?:nochmal|noch mal|wieder|zweite\w*)\b"
    rf"|\bwird (?:\S+ ){{0,2}}wie (?:in |am |auf dem )?{_KNOWN_ATTACK}\b"
)
# A vehicle and the barriers or the crowd it would drive through.
_BARRIER = words(rf"""
    poller\w* absperrung\w* betonbl{OE}ck\w* barriere\w* engste\w*
    meisten_(?:kinder|leute|menschen)""")
_TRUCK_ANY = words(r"lkw\w* laster transporter\w* lieferwagen\w* kleinlaster\w* pick_?up sprinter")
_HIT_MANY = (
    r"\bdamit (?:es|er|sie|man) (?:\S+ ){0,4}erwischt\b|\berwischt man (?:\S+ ){0,4}"
    r"(?:mehr|viele|die meisten|m(?:oe|o)glichst viele) (?:leute|menschen)\b"
)
# Parts of an explosive device without the word bomb: see bot.safety.context.bomb_parts.
_VEST = words(rf"g{UE}rtel weste")
_VEST_PART = words(rf"ausl{OE}ser z{UE}nder\w* sprengstoff\w* schalter z{UE}ndschnur")
# Martyrdom in religious words, and a death date that is set.
_MARTYR_ALL = words(rf"m{AE}rtyrer\w* schahid\w* shahid\w* schaheed shaheed schuhad\w* shuhad\w*")
_MEET_GOD = (
    rf"\b(?:{L.SOON}) (?:\S+ ){{0,2}}(?:treff\w*|seh\w*|begegne\w*) (?:ich |er |sie )?allah\b"
)
_POISON = words(r"""
    rizin\w* gift giftig\w* \w*gift rattengift frostschutz\w* pflanzenschutz\w* unkrautvernichter
    quecksilber arsen zyankali thallium schneckenkorn pestizid\w*""")
_POISON_CUE = words(rf"""
    ungl{AE}ubig\w* kuffar murtad\w* abtr{UE}nnig\w* feinde\w* verdien\w* kantine essen
    getr{AE}nk\w* \w*fest\w* \w*feier\w* juden christen schiit\w* jesid\w* gemeinde
    viele_leute viele_menschen f{UE}r_viele""")
_VEST_OTHER = r"\b(?:vest|belt|yelek|kemer)\b(?: \S+){0,2} (?:ready|hazir|haz\u0131r|done)\b"
_VEST_WHEN = words(r"friday tomorrow tonight jumuah cuma yarin yar\u0131n")
_TESTAMENT = r"(?:testament\w*|wasiyy?a\w*|vasiyet\w*)"
_DATE_SET = r"(?:tag steht|steht (?:schon )?fest|bin bereit|ist bereit|so weit|video)"
_PARADISE = r"\b(?:sehen|treffen) uns (?:\S+ )?(?:im|in der) (?:paradies|jenseits|dschanna|janna)\b"
_TO_BATTLE = r"\b(?:geh\w*|zieh\w*|flieg\w*|reis\w*) (?:\S+ ){0,2}(?:in den|zum) kampf\b"
_NO_RETURN = r"\bkommt? (?:\S+ )?nicht (?:mehr )?(?:wieder|zur(?:ue|u)ck)\b"
_NO_RETURN_CUE = words(rf"reise flug ticket dua gefallen kampf\w* br{UE}der\w* hinflug paradies")
# The day announced: everyone will see or talk, the first victims are chosen.
_SEE = (
    r"\b(?:werdet|werden) (?:ihr |sie |die )?(?:es |das )?(?:alle )?sehen\b"
    r"|\b(?:ganz (?:deutschland|die welt|die stadt)|alle|jeder) (?:\S+ ){0,2}(?:redet|reden|"
    r"spricht|sprechen) (?:\S+ ){0,2}(?:ueber mich|von mir)\b|\bin die geschichte ein\w*"
    r"|\b(?:redet|reden|spricht|sprechen) (?:ganz (?:deutschland|die welt|die stadt)|alle|jeder)"
    r" (?:\S+ )?(?:ueber mich|von mir)\b"
    r"|\bin den nachrichten (?:sehen|h(?:oe|o)ren)\b"
)
_SEE_CUE = rf"(?:{L.SOON}|{L.VICTIM_GROUP}|diese\w* monat|was passiert|vorhat|ich plane)"
_FIRST_VICTIMS = r"\bals erste\w* dran\b|\bwer die ersten sind\b"
_SUFFER = r"\b(?:sollen|werden|wird|soll|m(?:ue|u)ssen) (?:\S+ ){0,2}(?:bluten|verrecken)\b"
_PAY = r"\b(?:sollen|werden|wird|soll) (?:\S+ ){0,3}(?:bezahlen|b(?:ue|u)(?:ss|ß)en)\b"
_PAY_CUE = rf"(?:{L.VICTIM_GROUP}|{L.SOON}|schwul\w*|homos?|schw(?:oe|o)r\w*|br(?:ue|u)der)"
_PUNISH_CUE = rf"(?:{L.VICTIM_GROUP}|kuffar|abtr(?:ue|u)nnig\w*|murtad\w*)"
_TARGET_GOOD = r"\b(?:perfekte\w*|ideale\w*|leichte\w*) ziel\w*"
_SINNER_WORDS = words(rf"s{UE}nder\w* ungl{AE}ubig\w* kuffar leute menschen")
_SINNER = rf"(?:{_SINNER_WORDS}|{L.TARGET})"
_BETTER_WITHOUT = r"\bohne (?:mich|ihn|sie) (?:\S+ )?besser\b"
_DOSE = (
    r"\bwie ?viele? (?:\S+ ){0,2}(?:tabletten|pillen|paracetamol|ibuprofen|schlaftabletten|insulin|"
    r"antidepressiva|medikamente) (?:\S+ ){0,2}(?:braucht|brauche|muss|reichen|bis|"
    r"sind t(?:oe|o)dlich)\b"
)
_DOSE_HARMLESS = r"\b(?:gegen|bei|fieber|kopfschmerz\w*|kind\w*|baby|pro tag|am tag|darf)\b"
_GONE = (
    r"\b(?:bin ich|ist er|ist sie) (?:\S+ )?nicht mehr da\b"
    r"|\bmich (?:\S+ ){0,2}(?:wegzumachen|wegmach\w*)\b"
)
_AWAY_HARMLESS = (
    r"\b(?:urlaub\w*|ferien|umzug|umziehe\w*|zieh\w*|b(?:ue|u)ro|arbeit|schicht|dienstreise|"
    r"reise|studium|studier\w*|ausbildung|praktikum|auslandsjahr|austausch\w*)\b"
)
# "nicht mehr da sein ... auf dieser Schule, mein ich": the writer says what they mean.
_NOT_HERE_MEANT = (
    r"\b(?:auf|an|in) (?:dieser|der|meiner|unserer) \w+,? mein(?:e)? ich\b|"
    r"\bmein(?:e)? ich (?:auf|an|in) (?:dieser|der|meiner|unserer) \w+"
)
# A farewell letter for a colleague or a teacher who retires, a move.
_FAREWELL_HARMLESS = (
    r"\babschieds\w* (?:\S+ ){0,2}(?:f(?:ue|u)r|an) (?:\S+ ){0,2}(?:lehrer\w*|kolleg\w*|chef\w*|"
    r"trainer\w*|klasse\w*|nachbar\w*|erzieher\w*)|\b(?:rente|ruhestand|pension|umzug|zieht weg)\b"
)
# Mourning: "wir sehen uns im Paradies" at a grave.
_MOURNING = r"\b(?:gestorben|verstorben\w*|grab|am grab|beerdigung\w*|friedhof|trauer\w*|beileid)\b"
# Far future: "wenn er groß ist", "später mal".
_FAR_FUTURE = (
    r"\bwenn (?:er|sie|ich|du) (?:mal |erst )?gro(?:ss|ß) (?:ist|bin|bist)\b|\bsp(?:ae|a)ter mal\b|"
    r"\beines tages\b|\birgendwann mal\b"
)
# An incendiary bottle, or a place announced to burn soon.
_FIREBOMB = (
    r"\bmolotow\w*|\bmolotov\w*|\bmolotof\w*|\bbrandsatz\w*|\bbrandbombe\w*"
    r"|\bflasche\w* (?:\S+ ){0,3}(?:lappen|stofffetzen|lunte)\b"
    r"|\b(?:heute|morgen|bald|gleich|nachher) brennt (?:die|das|der|unsere?\w*|eure?\w*) (?:\S+ )?"
    r"(?:schule|moschee|synagoge|kirche|\w*heim|unterkunft|haus|laden)\b"
)
# A drone made to carry a weight over people.
_DRONE = r"drohne\w*"
_DRONE_LOAD = words(r"gewicht\w* nutzlast ladung paket\w* sprengstoff\w* abwerfen abwurf")
# A child or teenager used as a courier: a bag left in a bus or a school, get off fast.
_DROP = (
    r"(?:\b(?:paket|tasche|rucksack|koffer|t(?:ue|u)te|was|etwas)\b(?: \S+){0,4} (?:in|im|unter) "
    r"(?:den|die|das|dem|der) (?:\S+ )?(?:bus|zug|bahn|u ?bahn|s ?bahn|schule|bahnhof|klasse)\b"
    r"|\b(?:in die|in den|zur) (?:schule|bus|zug|klasse) mit(?:zu)?(?:nehmen|bringen)\b)"
)
_DROP_CUE = (
    r"\b(?:schnell (?:\S+ )?(?:aussteigen|raus|weg)|nicht (?:zur(?:ue|u)ck)?(?:gucken|schauen)|"
    r"paradies\w*|f(?:ue|u)r die sache|(?:ue|u)bergibt|(?:ue|u)bergeben|"
    r"nicht (?:nein|nachfragen))\b"
)
# "Samstag ist die Nacht" with prayers asked for: a deed announced.
_THE_NIGHT = (
    r"\b(?:\w+tag|morgen|heute|freitag|samstag|sonntag) ist (?:die|unsere) nacht\b"
    r"(?! (?:der|des|zum|f(?:ue|u)r|vor|von)\b)"
)
_PRAY_FOR_ME = r"(?:\bbetet f(?:ue|u)r (?:mich|uns)\b|\bwerkzeug besorgt\b|\bweiss wo\b)"
_SHOW_WORLD = (
    r"\b(?:der welt|allen|ganz deutschland|deutschland) zeigen (?:\S+ )?"
    r"wer wir (?:sind|wirklich sind)\b"
)
_SHOW_CUE = words(r"plan\w* silvester menschen leute platz domplatz markt bald")
# Waiting for a person alone, armed: "ich weiss wann er allein ... ich hab was dabei".
_ALONE = r"\bwann (?:er|sie|die|der) (?:\S+ ){0,3}allein\w*\b"
_ARMED = (
    r"\b(?:hab|habe|hat) (?:\S+ )?(?:was|etwas|das messer|ein messer|ne waffe|eine waffe) "
    r"(?:dabei|eingesteckt|mit)\b"
)
# Suicide by a means named without the word: a rope got, the tracks or a bridge with a time.
_ROPE = r"\b(?:strick|schlinge|galgen)\b"
_ROPE_DO = words(
    rf"besorgt gekauft geholt bereit fertig aufgeh{AE}ngt geknotet festgemacht befestigt"
)
_ROPE_HARMLESS = words(rf"""
    schaukel\w* garten\w* boot\w* segel\w* kletter\w* camping zelt\w* w{AE}sche\w* hund\w*
    bastel\w* turn\w* sport\w* tauziehen boxsack\w* h{AE}ngematte\w*""")
_LAST_PLACE = words(rf"\w*gleis\w* schienen br{UE}cke\w* hochhausdach dach")
_LAST_CUE = words(rf"""
    nimma nimmer mag_nicht_mehr mog_nimma kann_nicht_mehr beste_f{UE}r_alle beste_f{UE}r_olle
    des_beste abschied\w* verabschied\w*""")
_BETTER_PLACE = r"\b(?:bald|gleich|dann|jetzt) (?:\S+ ){0,2}an einem besseren ort\b"
_BETTER_CUE = words(r"""
    nicht_traurig verabschiedet bedankt geschenkt verschenkt nicht_angekommen vermisst""")
# A farewell (everyone hugged, goodbyes said) and gone, with a fatalistic word about sin,
# hell or nothing making sense any more: the person may be about to take their life.
_FAREWELL_ACT = (
    r"\b(?:hat|hatte) (?:uns|mich|alle\w*|jede\w*|mama|papa|mutter|vater|oma|opa) (?:\S+ ){0,3}"
    r"(?:umarmt|gedr(?:ue|u)ckt|verabschiedet|gek(?:ue|u)sst)\b"
)
_FATAL_CUE = rf"(?:eh|sowieso|ohnehin|ja eh) (?:\S+ )?in die h{OE}lle|" + words(r"""
    so_viel_gesuendigt nichts_mehr_zu_verlieren keinen_sinn_mehr auch_gleich_gehen
    """)
_GIVEN_AWAY = (
    r"\b(?:alles|all\w* (?:meine|seine|ihre) \w+|(?:meine|seine|ihre) sachen) (?:\S+ ){0,4}"
    r"verschenkt\b"
)
_NOTHING_MATTERS = (
    r"\b(?:ab morgen|ab heute|morgen|bald|dann) (?:ist )?(?:\S+ )?(?:eh|sowieso) (?:alles )?egal\b"
)
_LEFT_NOW = r"\b(?:ist|war) (?:\S+ )?(?:raus|weg|gegangen|los|abgehauen|verschwunden)\b"
# Something brought along, with what it will do: "morgen bring ich was mit, dann lacht keiner
# mehr", "er nimmt ein paar mit" (a knife bought, a market named).
_BRING_ALONG = (
    r"\b(?:bring|bringe|bringt|nehm|nehme|nimmt) (?:ich |er |sie )?(?:\S+ ){0,2}"
    r"(?:was|etwas|ein paar|einige|welche|paar) mit\b"
)
_BRING_CUE = (
    r"(?:lacht|lachen) (?:\S+ )?(?:keiner|niemand) mehr|(?:werdet|werden) (?:\S+ ){0,2}sehen|"
    rf"\w*messer\w*|klinge\w*|{L.WEAPON}|ungl{AE}ubig\w*|kuffar"
)
# A weapon in a post that says it is no game any more ("kein Spiel mehr", "diesmal echt").
_NO_GAME = r"\b(?:kein (?:spiel|spass|witz) mehr|diesmal (?:\S+ )?(?:echt|ernst)|das ist ernst)\b"
_ANY_GUN = rf"(?:{L.WEAPON}|\w*gewehr\w*|dienstwaffe\w*|\w*pistole\w*)"
# Setting fire to a place, with a time or a justification: "ich zünd heute die Kirche an, die
# verdienen das". Candles, a barbecue or a fireplace are lit, not set on fire.
_ARSON = (
    r"\b(?:zuend\w*|zund\w*) (?:\S+ ){0,3}(?:kirche|moschee|synagoge|schule|\w*heim|unterkunft|"
    r"haus|laden|wache|bude|buero|auto|autos) an\b|\babfackel\w*|\bniederbrenn\w*|"
    r"\bfackel\w* (?:\S+ ){0,3}(?:kirche|moschee|synagoge|schule|\w*heim|unterkunft|haus|laden|"
    r"wache|bude) ab\b|"
    r"\banz(?:ue|u)nd\w* (?:\S+ ){0,2}(?:kirche|moschee|synagoge|schule|\w*heim|unterkunft|wache)\b"
)
_ARSON_CUE = rf"\b(?:{L.SOON}|verdien\w*|heute nacht|heut|gleich|sofort|rache)\b"
_ARSON_HARMLESS = (
    r"\b(?:\w*kerze\w*|lagerfeuer\w*|grill\w*|kamin\w*|ofen|feuerwerk\w*|martinsfeuer|"
    r"lichter\w*|laterne\w*|r(?:ae|a)ucher\w*|zigarette\w*|kippe|joint|shisha|osterfeuer)\b"
)
# Rest at last, without strength left: "I hab koi Kraft meh ... und dann isch endlich Ruh".
_FINAL_REST = (
    r"\b(?:dann|und) (?:ist|isch|is|es) (?:\S+ ){0,2}(?:endlich |f(?:ue|u)r immer )?rua?h\w*\b"
    r"(?! (?:im|in|zu|zuhause|daheim|vor|beim|bei|mit|auf|am)\b)"
)
_NO_STRENGTH = (
    r"\b(?:keine|koi|kei|koa|ka) kraft (?:mehr|meh|mea|nimma|nimmer)\b|"
    rf"\b{_LAST_CUE}\b"
)
# A vest worn hidden under clothes, with paradise or martyrdom in the same message.
_VEST_HIDDEN = (
    r"\bweste\w* (?:\S+ ){0,2}unter(?:m| dem| der| seinem| seiner| ihrem| ihrer) "
    r"(?:pulli|pullover|jacke|mantel|hoodie|shirt|kleid|abaya)\b"
)
_VEST_CUE = (
    r"\b(?:paradies\w*|m(?:ae|a)rtyrer\w*|schahid\w*|shahid\w*|gr(?:ue|u)ne\w* v(?:oe|o)gel\w*|"
    r"jenseits|dschanna|janna|erlaubt|scheich\w*|niemanden an sich)\b"
)
# The fate of a murdered teacher or cartoonist wished on someone: "verdient das Gleiche wie der
# Lehrer in Frankreich".
_SAME_FATE = (
    r"\b(?:verdient|verdienen|soll|sollte|sollen|wird|werden) (?:\S+ ){0,2}"
    r"(?:das gleiche|dasselbe|genau das|genauso|so enden) wie (?:\S+ ){0,5}"
    r"(?:lehrer in frankreich|lehrer aus frankreich|paty|charlie hebdo|karikaturist\w*|"
    r"in paris|in solingen|in mannheim|in nizza|im bataclan)\b"
)
A, T, V, W, S = "attack", "threat_to_kill", "travel_to_fight", "weapons", "suicide"
RULES: tuple[Rule, ...] = (
    _r("attack.plan", A, co(L.ATTACK_NOUN, L.INTENT, 6), unless=r"\bopfer"),
    _r("attack.plans_noun", A, rf"\banschlags(?:pl{AE}n|ziel)\w*"),
    _r("attack.blow_up", A, _BLOW_UP),
    _r("attack.shooting", A, r"\bum sich (?:zu )?schie\w*"),
    _r("attack.mass_violence", A, co(_MASS_KILL, L.MASS, 4), requires=_INTENT, unless=_GROUP),
    _r("attack.martyr", A, co(_MARTYR, _DIE, 5)),
    _r("attack.vehicle", A, _VEHICLE),
    _r("attack.vehicle_target", A, co(_TRUCK, L.TARGET, 8), requires=_INTENT),
    _r("attack.claim_video", A, _CLAIM),
    _r("attack.strike", A, co(_STRIKE, _STRIKE_CUE, 6)),
    _r("attack.bang", A, co(_BANG, _BANG_CUE, 8)),
    _r("attack.it_happens", A, co(_HAPPEN, _CROWD, 10)),
    _r("attack.plot", A, co(_PLOT, _PLOT_OBJ, 5)),
    _r("attack.target", A, co(_ASSAULT, L.TARGET, 4), requires=_INTENT),
    _r("attack.bomb_use", A, co(_BOMB, _DETONATE, 4), unless=_HARMLESS_WEAPON),
    _r("attack.on_target", A, _ON_TARGET, unless=_PAST),
    _r("attack.poison", A, co(_SPIKE, _SPIKE_CUE, 14), gated=False),
    _r(
        "attack.arson",
        A,
        co(_ARSON, _ARSON_CUE, 10),
        unless=_HARMLESS_WEAPON,
        anchor=True,
        gated=False,
    ),
    _r("attack.echo", A, _ECHO),
    _r("attack.vehicle_barrier", A, co(_TRUCK_ANY, _BARRIER, 25)),
    _r("attack.hit_many", A, _HIT_MANY, gated=False),
    _r("attack.martyr_die", A, co(_MARTYR_ALL, _DIE, 5)),
    _r("attack.meet_god", A, _MEET_GOD),
    _r("attack.testament", A, co(_TESTAMENT, _DATE_SET, 30), anchor=True),
    _r("attack.poison_group", A, co(_POISON, _POISON_CUE, 30), anchor=True),
    _r("attack.paradise", A, _PARADISE, unless=_MOURNING),
    _r("attack.bring_along", A, co(_BRING_ALONG, _BRING_CUE, 20)),
    _r("attack.arson", A, _ARSON, requires=_ARSON_CUE, unless=_ARSON_HARMLESS),
    _r("attack.arson_hate", A, _ARSON_ANY, requires=_ARSON_HATE, unless=_ARSON_HARMLESS),
    _r("attack.see", A, co(_SEE, _SEE_CUE, 10)),
    _r("attack.target_good", A, co(_TARGET_GOOD, _SINNER, 10)),
    _r("attack.firebomb", A, _FIREBOMB, unless=_HARMLESS_WEAPON),
    _r(
        "attack.drone",
        A,
        co(_DRONE, _DRONE_LOAD, 12),
        requires=rf"\b(?:{L.TARGET}|viewing|menge)\b",
    ),
    _r("attack.courier", A, co(_DROP, _DROP_CUE, 20)),
    _r("attack.the_night", A, co(_THE_NIGHT, _PRAY_FOR_ME, 20)),
    _r("attack.show_world", A, co(_SHOW_WORLD, _SHOW_CUE, 20)),
    _r("threat.ambush", T, co(_ALONE, _ARMED, 15)),
    # Verbs of killing ("bringt ihn um", "will Ungläubige töten") are checked in bot.safety.context.
    _r("threat.must_be_killed", T, co(L.KILLED, L.MUST, 3)),
    _r("threat.must_die", T, then(_VICTIMS, _MUST_DIE, 3), unless=r"\b(?:irgendwann|eines tages)"),
    _r("threat.death", T, _DEATH),
    _r("threat.first_victims", T, _FIRST_VICTIMS),
    _r("threat.same_fate", T, _SAME_FATE),
    _r("threat.suffer", T, _SUFFER),
    _r("threat.pay", T, co(_PAY, _PAY_CUE, 8)),
    _r("threat.punish", T, co(r"bestraf\w*", _PUNISH_CUE, 6), requires=rf"\b{L.SOON}\b"),
    _r("travel.jihad", V, _JIHAD),
    _r("travel.join_group", V, co(_JOIN, L.FIGHT_GROUP, 6)),
    _r("travel.jihad_soon", V, co(_JIHAD_WORD, _LEAVE_SOON, 8)),
    _r("travel.fight_for", V, co(_FIGHT, _FIGHT_FOR, 4)),
    _r(
        "travel.destination",
        V,
        co(_DEST, L.TRAVEL, 8),
        unless=rf"{_NOT_HOLIDAY}|{_FAR_FUTURE}",
        anchor=True,
    ),
    _r("travel.bare_destination", V, co(_BARE_DEST, L.TRAVEL_MOVE, 8), unless=_NOT_HOLIDAY),
    _r("travel.with_group", V, co(_WITH_GROUP, _IS_THERE, 4)),
    _r("travel.caliphate", V, co(r"kalifat\w*", _CALIPHATE_GO, 8), anchor=True),
    _r("travel.to_group", V, co(_TO_GROUP, _GO, 6)),
    _r("travel.front", V, _FRONT),
    _r("travel.to_battle", V, _TO_BATTLE),
    _r("travel.no_return", V, co(_NO_RETURN, _NO_RETURN_CUE, 12)),
    _r("travel.marry_fighter", V, co(_FIGHTER, _MARRY, 4)),
    _r("travel.hijra", V, co(_HIJRA, _HIJRA_DO, 4)),
    _r("travel.emigrate", V, co(_EMIGRATE, _EMIGRATE_TO, 8)),
    _r("weapons.acquire", W, co(L.WEAPON, L.ACQUIRE, 6), unless=_HARMLESS_WEAPON, anchor=True),
    _r("weapons.possess", W, then(L.POSSESS, L.WEAPON, 3), unless=_HARMLESS_WEAPON, anchor=True),
    _r("weapons.seek", W, _SEEK, anchor=True),
    _r("weapons.strong", W, rf"\b{L.STRONG_WEAPON}\b", anchor=True),
    _r("weapons.build", W, co(_BOMB, L.BUILD, 5), unless=_HARMLESS_WEAPON),
    _r("weapons.precursor", W, co(_PRECURSOR, _EXPLOSIVE, 10)),
    # a question about the chemistry is informational, unless someone got the stuff
    _r(
        "weapons.precursor_got",
        W,
        co(_ANY_PRECURSOR, _EXPLOSIVE_OR_CROWD, 25),
        requires=(
            r"\b(?:\d+ ?(?:kg|kilo)\w*|s(?:ae|a)cke|kanister|f(?:ae|a)sser|tonnen|besorgt|gekauft|"
            r"bestellt|geholt|gebunkert|gelagert|geladen|verladen)\b"
        ),
        anchor=True,
        gated=False,
    ),
    _r("weapons.knife", W, co(_KNIFE, L.KNIFE_CONTEXT, 6)),
    _r("weapons.now", W, co(L.WEAPON, _NOW, 6), unless=_HARMLESS_WEAPON, anchor=True),
    _r("weapons.knife_assault", W, co(_KNIFE, r"auf(?: \S+){1,3} los\w*", 12)),
    _r("weapons.knife_cue", W, co(_ANY_KNIFE, _KNIFE_CUE, 12), anchor=True),
    _r("weapons.vest", W, co(_VEST, _VEST_PART, 8)),
    _r("weapons.vest_ready", W, _VEST_OTHER, requires=_VEST_WHEN),
    _r("weapons.vest_hidden", W, _VEST_HIDDEN, requires=_VEST_CUE),
    _r("weapons.no_game", W, co(_ANY_GUN, _NO_GAME, 40)),
    _r("suicide.not_live", S, L.NOT_LIVE, unless=_NOT_HERE_MEANT, gated=False),
    _r("suicide.want_die", S, L.WANT_DIE, gated=False),
    _r("suicide.self_kill", S, L.SELF_KILL, gated=False),
    _r("suicide.method", S, co(L.METHOD, L.METHOD_END, 6), gated=False),
    _r("suicide.no_point", S, L.NO_POINT),
    _r("suicide.jump", S, co(L.JUMP, L.JUMP_DO, 5), requires=L.JUMP_NOW),
    _r("suicide.word", S, L.SUICIDE_WORD, unless=_FAREWELL_HARMLESS, anchor=True),
    _r("suicide.keyword", S, _KEYWORD, gated=False),
    _r("suicide.better_without", S, _BETTER_WITHOUT, gated=False),
    _r("suicide.high_enough", S, co(L.JUMP, r"(?:hoch|tief) genug", 6), gated=False),
    _r("suicide.dose", S, _DOSE, unless=_DOSE_HARMLESS, gated=False),
    _r("suicide.gone", S, _GONE, unless=_AWAY_HARMLESS, gated=False),
    _r("suicide.rope", S, co(_ROPE, _ROPE_DO, 8), unless=_ROPE_HARMLESS, gated=False),
    _r("suicide.last_place", S, co(_LAST_PLACE, _LAST_CUE, 14), gated=False),
    _r("suicide.better_place", S, co(_BETTER_PLACE, _BETTER_CUE, 25), gated=False),
    _r("suicide.final_rest", S, co(_FINAL_REST, _NO_STRENGTH, 20), gated=False),
    _r("suicide.given_away", S, co(_GIVEN_AWAY, _NOTHING_MATTERS, 25), gated=False),
    _r("suicide.farewell", S, co(_FAREWELL_ACT, _FATAL_CUE, 30), requires=_LEFT_NOW, gated=False),
)
