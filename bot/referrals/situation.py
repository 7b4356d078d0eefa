"""Who is writing? ``detect_audience(text)`` reads the user's situation from free text so the
referral form never asks what the user already said.

Audiences (``bot.vocab.AUDIENCES``, as in the referral data): ``relatives`` (a family member
or friend is radicalising: "mein Sohn", "meine Freundin", "wir als Eltern", "ich bin die Mutter"),
``teachers`` ("ich bin Lehrerin", "ein Schüler", "in meiner Klasse", "an unserer Schule"),
``professionals`` (social work, youth office or centre, coaches, clubs, carers),
``affected`` (it is about the writer: "es geht um mich", "meine neuen Freunde sagen"),
``exit`` (the writer wants out of the scene: "ich will aussteigen", "wie komme ich da raus").

Order of the checks: a first-person wish to leave the scene; a stated role ("ich bin
Lehrerin", "ich arbeite im Jugendamt"); strong first-person signs of being affected; a
relative named with a possessive; exit words in a first-person message; school words;
professional words; weak first-person signs ("ich selbst"). The first that matches wins;
``None`` if nothing does.
"""

from __future__ import annotations

import re

from bot.text.folding import fold

__all__ = ["audience_from_answer", "detect_audience"]

_NON_WORD = re.compile(r"[^\w]+")

_LEAVE = (
    r"aussteigen|auszusteigen|raus|loskommen|loszukommen|austreten|abspringen|"
    r"weg von (?:denen|ihnen|der szene|der gruppe|diesen leuten|den salafisten)|"
    r"mich (?:davon |von (?:denen|ihnen|der gruppe|der szene) )?(?:loesen|trennen|distanzieren)"
)
# Words between "ich will" and the verb; another subject ("dass er") ends the first person.
_OWN_GAP = r"(?: (?!er\b|sie\b|dass\b|mein\w*\b|unser\w*\b|ihn\b|ihr\b|es\b)\w+){0,8}"
_EXIT = re.compile(
    rf"\bich{_OWN_GAP} (?:will|moechte|muss|werde|versuche|plane|wuerde (?:gern|gerne)|"
    rf"will unbedingt){_OWN_GAP} (?:{_LEAVE})\b|"
    rf"\bwie (?:komme|kann|schaffe|soll) ich{_OWN_GAP} (?:raus|los|weg|aussteigen|auszusteigen)\b|"
    r"\b(?:mein|meinen|meinem) ausstieg\b|\bausstieg fuer mich\b|"
    r"\bich (?:suche|brauche) (?:\w+ ){0,3}(?:ausstieg|aussteigerprogramm|ausweg)\w*\b|"
    r"\bich (?:bin|war) (?:\w+ ){0,3}(?:in|teil) (?:der|einer|dieser) (?:szene|gruppe)\b"
    r"(?=.*\b(?:raus|aussteig\w*|ausstieg\w*|weg|los|nicht mehr)\b)|"
    r"\bich will nichts mehr mit (?:denen|ihnen|der szene|der gruppe) zu tun\b"
)
# A pupil speaking of themselves ("bin selber Schüler, es geht um mich"): affected, not staff.
_ROLE_PUPIL = re.compile(
    r"\b(?:ich bin|bin|ich) (?:selber |selbst |auch |noch )?(?:ein |eine )?schueler(?:in)?\b"
    r"|\bich geh(?:e)? (?:noch )?(?:zur|in die) (?:\w+ )?schule\b"
)
_ROLE_TEACHER = re.compile(
    r"\b(?:ich bin|ich arbeite als|als|wir als|bin) (?:\w+ ){0,2}(?:lehrer\w*|klassenlehrer\w*|"
    r"schulleiter\w*|schulleitung|referendar\w*|schulsozialarbeiter\w*|schulpsycholog\w*|"
    r"vertrauenslehrer\w*)\b|\bich unterrichte\b|\bwir als schule\b|"
    r"\bunser(?:e|em|er)? kollegium\b|"
    r"\bich arbeite (?:\w+ ){0,3}(?:an|in) (?:einer|der|einem|unserer) (?:\w+ )?(?:\w*schule|"
    r"gymnasium|berufskolleg)\b"
)
_ROLE_PRO = re.compile(
    r"\b(?:ich bin|ich arbeite als|als|wir als|bin) (?:\w+ ){0,2}(?:sozialarbeiter\w*|"
    r"sozialpaedagog\w*|streetworker\w*|erzieher\w*|betreuer\w*|\w*trainer\w*|jugendarbeiter\w*|"
    r"fachkraft|fachkraefte|bewaehrungshelfer\w*|polizist\w*|therapeut\w*|psycholog\w*|"
    r"ehrenamtlich\w*|seelsorger\w*|imam|jugendleiter\w*|mitarbeiter\w*|berater\w*|coach)\b|"
    r"\bich arbeite (?:\w+ ){0,3}(?:im|in einem|in einer|beim|bei der|bei einem|fuer das|"
    r"fuer den)\b"
)
# "ich bin die Tante", "bin seine große Schwester", Kölsch "ich bin de Tant", "et Oma".
_ROLE_RELATIVE = re.compile(
    r"\b(?:ich bin|bin|als|wir als|wir sind) (?:die |der |de |dae |et |eine |ein |seine |ihre |"
    r"sing |sin |sein |ihr )?(?:(?:grosse|kleine|aeltere|juengere|aelteste|juengste) )?"
    r"(?:mutter|vater|mama|papa|eltern|oma|opa|grossmutter|grossvater|tante|tant|onkel|oehm|"
    r"uehm|mam|mamm|papp|schwester|bruder|broder|ehefrau|ehemann|frau|mann|freundin|freund|"
    r"cousine|cousin|angehoerige\w*|familie|pflegeeltern|pflegemutter|pflegevater|pflegemama|"
    r"pflegepapa|stiefmutter|stiefvater|stiefmama|stiefpapa|schwager|schwaegerin)\b"
)
_AFFECTED = re.compile(
    r"\b(?:meine|meinen) (?:neuen |neue )?(?:freunde|brueder|schwestern|glaubensbrueder)\b|"
    r"\bbin ich (?:\w+ ){0,2}(?:radikal\w*|extrem\w*|salafist\w*)\b|\bich bin konvertiert\b|"
    r"\bich (?:bin|werde|werd|wurde) (?:\w+ ){0,5}(?:angeworben|angesprochen|angequatscht|"
    r"angelabert|unter druck gesetzt|rekrutiert|bedroht)\b|"
    r"\bich fuehle mich (?:\w+ ){0,3}(?:hingezogen|angezogen)\b|"
    r"\bman hat mich (?:\w+ ){0,3}angesprochen\b|\bich (?:habe|hab) angefangen\b|"
    r"\b(?:ob|dass) ich (?:\w+ ){0,2}(?:radikal|extrem)\w*\b|"
    r"\b(?:mir wurde gesagt|man hat mir gesagt|(?:die|sie) (?:sagen|sagten|wollen) "
    r"(?:mir|dass ich))\b"
)
_RELATION = (
    r"sohn|sohnes|tochter|kind|kinder|bruder|bruders|schwester|neffe|neffen|nichte|enkel\w*|"
    r"cousin\w*|freund|freundes|freundin|mann|mannes|frau|ehemann|ehefrau|partner\w*|"
    r"verlobte\w*|vater|mutter|papa|mama|onkel|tante|stief\w*|schwager|schwaegerin|"
    r"familie|angehoerige\w*|geschwister|kumpel|jungs?|maedchen|pflege\w*"
)
_RELATIVES = re.compile(
    rf"\b(?:mein|meine|meinem|meinen|meiner|meines|unser|unsere|unserem|unseren|unserer|"
    rf"unseres)(?: \w+)? (?:{_RELATION})\b|\b(?:pflege)?eltern(?:teil)?\b|\bangehoerige\w*\b|"
    r"\bals (?:mutter|vater|mama|papa)\b"
)
_TEACHERS = re.compile(
    r"\blehrer\w*\b|\bschueler\w*\b|\b(?:meiner|unserer|meine|unsere|der) klasse\b|"
    r"\bklasse \d|\b\d+\w? klasse\b|\bklassen(?:lehrer|fahrt|konferenz|leitung|chat)\w*\b|"
    r"\bschulleit\w*\b|\bkollegium\b|\b(?:im|meinem|unserem) unterricht\b|"
    r"\b(?:an|in) (?:unserer|meiner) schule\b|\bschulsozial\w*\b"
)
_PROFESSIONALS = re.compile(
    r"\bsozialarbeit\w*\b|\bsozialpaedagog\w*\b|\bjugendamt\w*\b|\bjugendzentrum\w*\b|"
    r"\bjugendtreff\w*\b|\bjugendhilfe\w*\b|\bjugendarbeit\w*\b|\bfachkr(?:ae|a)ft\w*\b|"
    r"\bbetreuer\w*\b|\bbetreue\b|\bbetreuen\b|\b(?:mein|unser)\w* verein\w*\b|\bverein\b|"
    r"\b\w*trainer\w*\b|\bklient\w*\b|\b(?:meine|unsere) (?:jugendlichen|teilnehmer\w*|"
    r"spieler\w*|mannschaft|gruppe)\b|\beinrichtung\b|\bwohngruppe\b|\bstreetwork\w*\b|"
    r"\bbewaehrungshilfe\b|\bjugendgericht\w*\b"
)
# The school as an institution ("was kann die Schule tun"), not a pupil's "Druck in der Schule":
# without a role, "in der Schule" leaves the question "Um wen geht es?" to the user.
_SCHOOL = re.compile(
    r"\b(?:die|unsere|eure|unserer|eurer) schule\b|\bschulen\b"
    r"|\b(?:an|fuer) (?:der|die|einer) schule\b"
)
_SELF = re.compile(
    r"\b(?:ich|isch) (?:selbst|selber)\b|\bes geht um mich\b|\bum mich selbst\b|"
    r"\bhilfe fuer mich\b|\bmich (?:selbst|selber)\b|\bich bin (?:selbst )?betroffen\b|"
    r"\bich (?:\w+ )?(?:radikalisiere|radikalisiert) mich\b"
)

# Exit words in a first-person message that names no relative ("... brauche Hilfe beim Ausstieg").
_EXIT_SELF = re.compile(
    r"^(?=.*\b(?:ich|mich|mir)\b).*\b(?:ausstieg\w*|aussteigen|auszusteigen|aussteigerprogramm)\b"
)

_CHECKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_EXIT, "exit"),
    (_ROLE_TEACHER, "teachers"),
    (_ROLE_PRO, "professionals"),
    (_ROLE_RELATIVE, "relatives"),
    (_AFFECTED, "affected"),
    (_RELATIVES, "relatives"),
    (_ROLE_PUPIL, "affected"),  # after the relatives: "ich bin Schülerin und mein Bruder ..."
    (_EXIT_SELF, "exit"),
    (_TEACHERS, "teachers"),
    (_PROFESSIONALS, "professionals"),
    (_SCHOOL, "teachers"),
    (_SELF, "affected"),
)


# A request for counselling in so many words ("jetzt brauchen wir eine Beratung für die
# Familie", "ich suche Hilfe für meinen Sohn"): with a place named, a referral, whatever else
# the story mentions (the police, a school, the cost).
_WANTS_COUNSELLING = re.compile(
    r"\b(?:brauche|brauchen|braeuchte|braeuchten|suche|suchen|moechte|moechten|wuerde gern|"
    r"wuerden gern|haette gern|haetten gern|wollen|will)\b(?: \w+){0,4} (?:eine |einen )?"
    r"(?:beratung\w*|berater\w*|hilfe|unterstuetzung|ansprechpartner\w*|anlaufstelle\w*)\b"
)


def asks_for_counselling(text: str | None) -> bool:
    """The message asks for counselling in so many words (not a question about it)."""
    if not text:
        return False
    return bool(_WANTS_COUNSELLING.search(" ".join(_NON_WORD.sub(" ", fold(text)).split())))


def detect_audience(text: str | None) -> str | None:
    """One of ``bot.vocab.AUDIENCES`` if the text says who the user is, else ``None``."""
    if not text:
        return None
    norm = " ".join(_NON_WORD.sub(" ", fold(text)).split())
    for pattern, audience in _CHECKS:
        if pattern.search(norm):
            return audience
    return None


# Answers to "Um wen geht es?": the relation or role alone ("bin die mutter", "verwandte",
# "sein kumpel", "Klassenlehrerin", "streetworker"). Only read when that question was asked
# and the reply is short, so "mutter" in a knowledge question names no situation.
ANSWER_MAX_WORDS = 8
_ANSWER_CHECKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        # compounds too: "Mathelehrerin", "Klassenlehrer"
        re.compile(r"\b(?:\w*lehrer\w*|lehrkr(?:ae|a)ft\w*|schulleit\w*|referendar\w*)\b"),
        "teachers",
    ),
    (
        re.compile(
            r"\b(?:sozial\w*|streetwork\w*|erzieher\w*|jugend\w*|fachkr(?:ae|a)ft\w*|"
            r"bewaehrungs\w*|"
            r"betreuer\w*|\w*trainer\w*|ausbilder\w*|berater\w*|therapeut\w*|polizist\w*|"
            r"imam|seelsorger\w*|ehrenamt\w*|arbeitgeber\w*|chef\w*)\b"
        ),
        "professionals",
    ),
    (
        re.compile(
            rf"\b(?:{_RELATION}|verwandt\w*|oma|opa|grossmutter|grossvater|grosseltern|"
            r"eltern\w*|nachbar\w*|freunde?\w*|kumpels?|bff|abi|abla|ex\w*|kolleg\w*)\b"
        ),
        "relatives",
    ),
    (
        re.compile(
            r"\b(?:(?:ich|isch|mich|misch) (?:selbst|selber)|um mich|fuer mich|selbst betroffen|"
            r"ich bins)\b"
        ),
        "affected",
    ),
)


def audience_from_answer(text: str | None) -> str | None:
    """The situation in a reply to the audience question: in a short reply the role or
    relation it names ("bin die mutter" → relatives, "bin sein kumpel aus der klasse" →
    relatives, "Lehrkraft" → teachers), else what :func:`detect_audience` finds."""
    if not text:
        return None
    norm = " ".join(_NON_WORD.sub(" ", fold(text)).split())
    if len(norm.split()) <= ANSWER_MAX_WORDS:
        if _EXIT.search(norm):
            return "exit"
        for pattern, audience in _ANSWER_CHECKS:
            if pattern.search(norm):
                return audience
    return detect_audience(text)
