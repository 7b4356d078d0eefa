"""Regular expressions for :mod:`bot.privacy.redact` (compiled once, on original text).

Phone numbers are found with the project's one phone pattern (:mod:`bot.text.phones`).
"""

from __future__ import annotations

import re

from bot.text.phones import SEPARATOR

_I = re.IGNORECASE
_LETTER = r"[^\W\d_]"
NAME_TOKEN = re.compile(rf"{_LETTER}+(?:[-'’]{_LETTER}+)*")

EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+(?:@|\s?[\[(](?:at|ät)[\])]\s?)[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", _I
)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{1,4}){3,8}\b", _I)

PHONE_CUE = re.compile(
    r"\b(?:tel(?:efon)?\.?|telefonnummer|handy(?:nummer)?|mobil(?:nummer)?|festnetz|whatsapp|"
    r"rufnummer|nummer|fax|erreichbar unter|unter der)\s*:?\s*(?:ist\s+|lautet\s+)?"
    rf"(\+?\d(?:{SEPARATOR}?\d){{4,16}})\b",
    _I,
)
# Helplines that are not personal data (digits only).
SERVICE_NUMBERS = frozenset(
    {"08001110111", "08001110222", "0800111", "09119434343", "116111", "116117", "116123"}
)

_MONTH = (
    r"(?:januar|jan|februar|feb|märz|maerz|mär|april|apr|mai|juni|jun|juli|jul|august|aug|"
    r"september|sept|sep|oktober|okt|november|nov|dezember|dez)\.?"
)
_DATE = (
    rf"(?:\d{{1,2}}\.\s?\d{{1,2}}\.(?:\s?\d{{4}}|\s?\d{{2}}\b)?|\d{{4}}-\d{{2}}-\d{{2}}|"
    rf"\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{1,2}}\.?\s+{_MONTH}(?:\s+\d{{4}})?)"
)
_BIRTH = r"(?:geboren|geb\.|geb|geburtsdatum|geburtstag|geb\.-datum)"
DOB_AFTER = re.compile(rf"(?:\b{_BIRTH}(?:\s+[^\s\d]+){{0,3}}?\s*:?\s*|\*\s?)(?P<date>{_DATE})", _I)
DOB_BEFORE = re.compile(rf"(?P<date>{_DATE})(?:\s+\S+){{0,3}}?\s+(?:{_BIRTH})\b", _I)

_STREET_END = (
    r"(?:stra(?:ß|ss)e|str\.|weg|gasse|allee|platz|ring|damm|ufer|chaussee|steig|pfad|"
    r"promenade|wall|graben|siepen)"
)
_NUMBER = r"\d{1,4}(?:\s?[a-zA-Z]\b)?(?:\s?[-/]\s?\d{1,4}(?:[a-zA-Z]\b)?)?(?![\d,.:]\d)"
_UNITS = (
    r"(?!\s*(?:minuten|min|stunden|std|jahre|jahren|tage|tagen|wochen|monate|km|meter|m|uhr|"
    r"euro|€|%|mal|leute|personen|kinder|sekunden)\b)"
)
_PLZ_CITY = r"(?:,?\s*(?:in\s+)?\d{5}(?-i:\s+[A-ZÄÖÜ][\wäöüß.-]+(?:\s+[A-ZÄÖÜ][\wäöüß-]+)?)?)?"
_NOT_STREET = (
    r"(?:(?:um|heim|schul|rück|rueck|hin|aus|arbeits|lebens|lösungs|loesungs)weg|"
    r"(?:park|arbeits|spiel|sitz|stell|studien|ausbildungs|praktikums|kita|therapie|schlaf|"
    r"wohn|sport|bahn)platz|(?:box|freundes|bekannten|familien)ring)\b"
)
STREET = re.compile(
    rf"(?-i:\b\d{{5}}\s+[A-ZÄÖÜ][\wäöüß-]+(?:\s+[A-ZÄÖÜ][\wäöüß-]+)?,?\s+)?"
    rf"(?:\b(?-i:[A-ZÄÖÜ][\wäöüß]*(?:-[A-ZÄÖÜ][\wäöüß]*)*(?:er|sche|s)\s+)?"
    rf"(?!{_NOT_STREET})[\wäöüß]+(?:-[\wäöüß]+)*-?{_STREET_END}"
    rf"|\b(?-i:[A-ZÄÖÜ][\wäöüß]*(?:er|sche)\s+(?:Straße|Strasse|Str\.|Weg|Gasse|Allee|Platz|"
    rf"Ring|Damm|Ufer|Markt)))\s*{_NUMBER}{_UNITS}{_PLZ_CITY}",
    _I,
)
_NOT_PLACE = (
    r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Wochenende|Januar|Februar|"
    r"März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jahr|Alter|Anfang|Ende|"
    r"Abend|Morgen|Mittag|Tag|Moment|Sommer|Winter|Herbst|Frühling|Frühjahr|Schnitt|"
    r"Durchschnitt|Monat|Telefon|Handy|Unterricht|Internet|Schuljahr|Kurs|Klasse|Glück|Ganzen|"
    r"Prinzip|Grunde|Vergleich|Schluss|Augenblick|Zeitraum|Laufe|Rahmen|Notfall)\b"
)
PREP_STREET = re.compile(
    r"(?:\b\d{5}\s+[A-ZÄÖÜ][\wäöüß-]+,?\s+)?"
    r"\b(?:Am|An der|An den|Auf dem|Auf der|Im|In der|In den|Zum|Zur|Unter den|Hinter der|"
    rf"Hinter dem|Vor dem|Alte|Alter|Am Alten|Zur Alten|Zum Alten)\s+(?!{_NOT_PLACE})"
    rf"[A-ZÄÖÜ][a-zäöüß]+(?:\s+[A-ZÄÖÜ][a-zäöüß]+)?\s+{_NUMBER}{_UNITS}{_PLZ_CITY}"
)

_REL = (
    r"sohn|sohnemann|tochter|kind|bruder|schwester|neffe|nichte|enkel|enkelin|enkelsohn|"
    r"cousin|cousine|freund|freundin|mann|frau|ehemann|ehefrau|partner|partnerin|onkel|tante|"
    r"opa|oma|stiefsohn|stieftochter|pflegesohn|pflegetochter|schüler|schülerin|schueler|"
    r"schuelerin|mitschüler|mitschülerin|kollege|kollegin|nachbar|nachbarin|mitbewohner|"
    r"mitbewohnerin|klient|klientin|exmann|exfrau|ex|verlobter|verlobte|schwager|schwägerin|"
    r"kumpel|patenkind|azubi|jugendliche|jugendlicher|junge|mädchen|maedchen"
)
_POSS = r"(?:mein|unser|dein|sein|ihr)(?:e|em|en|er)?"
_ADJ = (
    r"(?:(?:kleine|große|grosse|älteste|aelteste|jüngste|juengste|ältere|jüngere|beste|neue|"
    r"ehemalige)[rnsm]?\s+)?"
)
# Strong cues: any capitalised word after them is taken as a name.
STRONG_CUE = re.compile(
    rf"\b(?:{_POSS}\s+{_ADJ}(?:{_REL})(?:\s+hei(?:ß|ss)t)?|ich\s+hei(?:ß|ss)e|mein\s+name\s+ist|mein\s+name\s+lautet|"
    rf"(?:{_REL}|er|sie|ich|der|die|person|typ)\s+hei(?:ß|ss)t|hie(?:ß|ss)|namens|mit\s+dem\s+namen|"
    rf"name\s*:|vorname\s*:|nachname\s*:|familie|fam\.|"
    rf"(?:mutter|vater|mama|papa|oma|opa|eltern)\s+von)(?:\s*[,:–-])?\s+",
    _I,
)
GREETING_CUE = re.compile(
    r"\b(?:(?:viele|liebe|beste|freundliche|herzliche)n?\s+grü(?:ß|ss)en?|"
    r"mit\s+freundlichen\s+grü(?:ß|ss)en|grü(?:ß|ss)e(?:\s+von)?|lg|vg|mfg|gru(?:ß|ss))"
    r"(?:\s*[,:–-])?\s+",
    _I,
)
TITLE_CUE = re.compile(r"\b(?:Herrn?|Frau|Hr\.|Fr\.)\s+(?:(?:Dr|Prof)\.\s*)*")
# Weak cues: only a known first name counts ("ich bin der Thomas", not "ich bin der Meinung").
WEAK_CUE = re.compile(
    r"\b(?:ich\s+bin(?:\s+(?:der|die|s))?|ich\s+bin's|hier\s+(?:ist|schreibt|spricht))\s+", _I
)
KUNYA = re.compile(r"\b(?:Abu|Umm|Ummu|Ibn|Bint)\s+[A-ZÄÖÜ][\w'’-]+")
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_.]{2,30}\b")
