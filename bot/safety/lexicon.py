"""Word classes for :mod:`bot.safety`, written for *normalised* text.

Normalised text (see :func:`bot.safety.normalise`) is lower case, umlauts spelled out
(ä -> ae, ß -> ss), punctuation removed, one space between tokens and ``|`` as a clause
boundary token. Each class is a regex alternation; stems with ``\\w*`` cover German
inflection (plan -> plant, planen, geplant, pläne). Spellings typed without umlauts
("anschlage", "martyrer") are covered with ``(?:ae|a)`` where they are common; rarer typos are
repaired token by token against ``FUZZY_VOCAB`` before matching.

Word lists are whitespace-separated regex pieces; ``_`` stands for one space.
"""

from __future__ import annotations


def words(spec: str) -> str:
    """``"a b_c"`` -> ``(?:a|b c)``."""
    return "(?:" + "|".join(w.replace("_", " ") for w in spec.split()) + ")"


def gap(n: int) -> str:
    """Zero to ``n`` whole tokens between two phrases (``|`` counts as a token)."""
    return rf"(?:\s+\S+){{0,{n}}}?\s+"


def near(a: str, b: str, n: int = 6) -> str:
    """``a`` and ``b`` as whole words, in either order, at most ``n`` tokens apart."""
    return rf"(?:\b{a}\b{gap(n)}{b}\b|\b{b}\b{gap(n)}{a}\b)"


def then(a: str, b: str, n: int = 6) -> str:
    """``a`` followed by ``b``, at most ``n`` tokens apart."""
    return rf"\b{a}\b{gap(n)}{b}\b"


UE, AE, OE = "(?:ue|u)", "(?:ae|a)", "(?:oe|o)"

# --- attack -------------------------------------------------------------------------------
ATTACK_NOUN = words(rf"""
    (?:terror|bomben|selbstmord|spreng)?anschl{AE}?g\w* attentat\w* terrorakt\w* blutbad
    massaker amok\w* gewalttat\w* bluttat\w* terrortat\w*""")
INTENT = words(rf"""
    pl{AE}n\w* gepl{AE}nn?t\w* vorhab\w* vorhat vorbereit\w* will willst wollen wollte wolle
    m{OE}chte\w* werde wird w{UE}rde soll sollen bald \w*morgen n{AE}chste\w* demn{AE}chst
    heute angek{UE}ndigt ank{UE}ndig\w* k{UE}ndigt droh\w* gedroht redet spricht schreibt
    chattet gechattet {UE}berleg\w* besproch\w* bespricht ver{UE}b\w* begeh\w* ausf{UE}hr\w*
    datum uhrzeit zeitpunkt \w*abend (?:mon|diens|donners|frei|sams|sonn)tag\w* mittwoch
    wochenende silvester""")
TARGET = words(rf"""
    weihnachtsm{AE}rkt\w* synagoge\w* kirche\w* moschee\w* konzert\w* stadion\w*
    \w*bahnhof\w* menschenmenge\w* schule festival\w* kirmes karneval\w* demo\w* polizist\w*
    polizei politiker\w* flughafen einkaufszentrum innenstadt f{UE}ssg{AE}ngerzone
    veranstaltung\w* gottesdienst\w* volksfest\w* (?:stadt|stra(?:ss|ß)en|sommer)fest\w*
    u_?bahn juden ungl{AE}ubig\w* kuffar""")
MASS = words(r"leute leuten menschen passanten vielen? alle m(?:oe|o)glichst")
VICTIM_GROUP = words(rf"""
    ungl{AE}ubig\w* kuffar kafir\w* juden christen schiit\w* jesid\w* verr{AE}ter\w*
    apostat\w* murtad\w* polizist\w* lehrer\w* polizei""")
SOON = words(rf"""
    bald morgen {UE}bermorgen heute n{AE}chste\w* demn{AE}chst
    (?:mon|diens|donners|frei|sams|sonn)tag\w* mittwoch wochenende gebet""")

# --- weapons ------------------------------------------------------------------------------
WEAPON = words(rf"""
    waffe waffen (?:schuss|feuer|stich|hieb)waffe\w* pistole\w* maschinenpistole\w* revolver
    gewehr(?:e|en)? sturmgewehr\w* kalaschnikow\w* kalashnikov\w* ak_?47 knarre\w* wumme
    munition sprengstoff\w* spreng_?(?:stoff)?_?g{UE}rtel\w* sprengs{AE}tz\w* bombenbau\w*
    (?:rohr|nagel|splitter)?bomben? (?:hand)?granate\w* z{UE}nder\w* tatp schreckschuss\w*
    machete\w* glock\w*""")
STRONG_WEAPON = words(rf"""
    spreng_?(?:stoff)?_?g{UE}rtel\w* sprengs{AE}tz\w* (?:rohr|nagel|splitter)bombe\w* bombenbau\w*
    handgranate\w* kalaschnikow\w* sturmgewehr\w* maschinenpistole\w* tatp""")
ACQUIRE = words(rf"""
    besorg\w* \w*kauf\w* bestell\w* beschaff\w* besitz\w* versteck\w* gefunden finde fand
    lager\w* gelagert bunker\w* tr{AE}gt dabei mit(?:genommen|gebracht) mitnehm\w* nimmt
    mitbring\w* gebaut baut\w* bauen bau bastel\w* gebastelt herstell\w* hergestellt
    gemischt mischt
    machen macht \w*anleitung\w* darknet organisier\w* braucht brauche tasche bett schrank
    keller ranzukommen rankommen scharf gesehen sammel\w* gesammelt zimmer geholt""")
POSSESS = words(r"hat habe hab hast lag liegt liegen lagen sich besitzt")
BUILD = words(r"""
    baut\w* bauen bau gebaut bastel\w* gebastelt herstell\w* zusammenbau\w* \w*anleitung\w*""")
KNIFE_CONTEXT = words(rf"""
    bei_sich tr{AE}gt immer dabei mit_in_die_schule mitgenommen mitnehmen nimmt versteck\w*
    droh\w* gedroht bedroh\w* losgehen losgeht \w*stechen \w*sticht kuffar ungl{AE}ubig\w*
    angreif\w* hilfe dringend notfall gerade jetzt sofort eingesteckt einstecken eingepackt""")
WEAPON_HARMLESS = words(rf"""
    weltkrieg\w* blindg{AE}nger\w* fliegerbombe\w* entsch{AE}rf\w* spiel spielen im_spiel
    \w*(?:video|computer|handy|online)spiel\w* game\w* zock\w* fortnite call_of_duty
    counter_strike playstation film\w* serie\w* wasserpistole\w* j{AE}ger\w* jagd\w*
    waffenschein\w* waffenschrank\w* sch{UE}tzenverein\w* sportsch{UE}tz\w* airsoft\w*
    softair\w* paintball\w* nerf\w* verein\w* angemeldet\w* waffenbesitzkarte\w*""")
FIGHT_GROUP_STRICT = words(rf"""
    is isis daesh daesch islamischen_staat\w* kalifat\w* taliban al_?qaida al_?kaida
    al_?sha?ba?ab al_?schabab ispk hts nusra mu(?:d?sch|j)ahid\w* d?(?:sch|j)ihadist\w*
    k{AE}mpfern terrorgruppe\w* terrormiliz\w*""")

# --- killing ------------------------------------------------------------------------------
END = r"(?=$|_\||_(?:und|weil|wenn|oder|aber|sagt|hat|dass)\b)"  # "toten" typed for "töten"
KILL = words(rf"""
    umbringen umzubringen umbringt umbring\w* toeten zu_toeten toetet toete ermorden
    zu_ermorden ermordet_werden abstechen abzustechen absticht erstechen erstich\w* abknallen
    abzuknallen erschiessen zu_erschiessen erschiesst erschiesse abschlachten
    abzuschlachten schlachten k{OE}pfen zu_k{OE}pfen k{OE}pft kaltmachen kalt_machen
    kaltzumachen killen zu_killen killt umlegen umzulegen hinrichten hinzurichten lynchen
    massakrieren (?<=will_)(?:\S+_)?toten{END} (?<=wollen_)(?:\S+_)?toten{END}
    (?<=werde_)(?:\S+_)?toten{END} (?<=zu_)toten{END}""")
KILLED = words(rf"getoetet ermordet umgebracht erschossen abgestochen hingerichtet gek{OE}pft")
MUST = words(rf"m{UE}ssen muss sollen soll sollte sollten geh{OE}ren geh{OE}rt verdien\w* werden")

# --- travel to fight ----------------------------------------------------------------------
DEST = words(r"""
    syrien syrie syrje irak kalifat\w* afghanistan somalia jemen libyen idlib rakka raqqa mossul
    kampfgebiet\w* kriegsgebiet\w* is_gebiet\w*""")
FIGHT_GROUP = words(rf"""
    is isis daesh daesch islamischen_staat\w* islamische_staat kalifat\w* taliban al_?qaida
    al_?kaida al_?sha?ba?ab al_?schabab ispk hts nusra mu(?:d?sch|j)ahid\w* d?(?:sch|j)ihadist\w*
    k{AE}mpfer\w* terrorgruppe\w* terrormiliz\w* terrororganisation\w* miliz\w* br{UE}dern""")
TRAVEL = words(rf"""
    ausreis\w* auszureisen reis\w* fliegen fliegt flieg\w* flug\w* ticket\w* gebucht buchen
    abhauen abgehauen gehen geht ziehen zieht ziehe auswander\w* hid?schra hijrah? weg
    verschwunden verschwinden aufbrechen unterwegs auf_dem_weg packt gepackt koffer pass
    reisepass r{UE}ber holen dahin da_hin dorthin zettel will wollen m{OE}chte plant
    geiht jeiht jeht flooch""")
TRAVEL_MOVE = words(rf"""
    ausreis\w* auszureisen flieg\w* flug\w* ticket\w* gebucht abhauen abgehauen auswander\w*
    hid?schra hijrah? verschwunden unterwegs auf_dem_weg dahin dorthin r{UE}ber holen""")
TRAVEL_HARMLESS = words(rf"""
    urlaub\w* ferien besuch\w* oma opa grosseltern verwandt\w* schwiegereltern
    hochzeit\w* beerdigung\w* gesch{AE}ftlich\w* pilger\w* umrah hadsch hajj studier\w*
    krank\w* rausholen herausholen evakuier\w* party all_inclusive hotel\w* strand\w*""")

# Correct vocabulary for single-token typo repair (see bot.safety): only words that the
# patterns above match exactly in this spelling.
_FUZZY_WORDS = (
    "anschlag anschlaege anschlaegen attentat terroranschlag bombe bomben sprengstoff "
    "sprengstoffguertel sprengguertel waffe waffen pistole pistolen gewehr munition "
    "kalaschnikow handgranate granate syrien dschihad kalifat maertyrer ausreisen umbringen "
    "umzubringen toeten erschiessen abstechen selbstmord suizid suizidgedanken unglaeubige "
    "unglaeubigen lebensmuede islamischen"
)
FUZZY_VOCAB = tuple(_FUZZY_WORDS.split())

# --- suicide ------------------------------------------------------------------------------
NOT_LIVE = (
    r"\bnicht mehr (?:weiter)?(?:leben|da sein|existieren|aufwachen|aufzuwachen)\b"
    r"(?! (?:wie|nach|mit|in|so|bei|zusammen|unter|als|ohne|hier|dort|da|im)\b)"
)
WANT = words(rf"will willst wollen wolle m{OE}chte\w* w{UE}nsch\w* lieber")
NOT_GAP = rf"(?:\s+(?!nicht\b|nie\b|als\b|f{UE}r\b)\S+){{0,3}}?\s+"
WANT_DIE = rf"\b{WANT}{NOT_GAP}(?:sterben|tot sein|tot)\b"
SELF_KILL = (
    r"(?:sich|mich|dir|dich|mir)(?: \S+){0,2} (?:das|sein|ihr|mein) leben "
    r"(?:zu )?(?:nehmen|nimmt|nehme)|"
    r"(?:sein|ihr|mein) leben (?:zu )?beenden|(?:sich|mich)(?: \S+)? (?:erh|aufh)(?:ae|a)ng\w*|"
    r"sich selbst (?:zu )?t(?:oe|o)ten"
)
NO_POINT = (
    r"leben(?: \S+){0,3} (?:kein\w* sinn|sinnlos)|sinn (?:mehr )?(?:zu leben|im leben)|"
    r"kein\w* (?:\S+ )?mehr (?:zu|zum|aufs?) leben|"
    r"kein\w* (?:grund|sinn|lust|kraft) (?:zu|zum) leben|"
    r"schluss (?:machen )?mit (?:allem|dem leben)|mach\w* schluss mit (?:allem|dem leben|mir)|"
    r"dass (?:das |es )?(?:alles )?aufhoert|bald nicht mehr da\b|"
    r"(?:im paradies|im jenseits) wieder(?:sehen|treffen)|"
    r"allem ein ende|(?:meinem|seinem|ihrem) leben ein ende"
)
METHOD = words(r"tabletten pillen medikament\w* schlaftabletten")
METHOD_END = words(rf"""
    sterben tot t{OE}dlich aufwachen aufzuwachen umbringen schmerzlos gesammelt sammelt
    schlucken""")
JUMP = words(rf"br{UE}cke dach hochhaus\w* gleis\w* zug balkon fenster")
JUMP_DO = rf"(?:springen|spring\w*|runterspringen|st{UE}rzen|werfen|legen)"
JUMP_NOW = rf"\b(?:will|wollen|m{OE}chte|steht|droht|gleich|jetzt|sagt)\b"
SUICIDE_WORD = (
    rf"\b(?:(?:suizid|selbstmord)(?!\w*(?:anschl|attent))\w*|freitod|suicid\w*|"
    rf"abschieds(?:brief|nachricht|text)\w*|lebensm{UE}de\w*)"
)
