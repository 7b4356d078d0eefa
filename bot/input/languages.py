"""Tiny language heuristic for :mod:`bot.input.guard`: Arabic script, Turkish, English.

Arabic: Arabic-script letters are at least half of all letters. Turkish and English: count
function words (and, for Turkish, words with ğ ş ı) against German function words. Words
that German shares with them ("da", "her", "will", "was", "in", "so", "also", "Abi",
"Anne") and loanwords German users type ("okay", "Chat", "Online", "Hotline", "sorry") are
in no list, so German text never scores for English or Turkish by accident.
"""

from __future__ import annotations

import re
from typing import Literal

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_TURKISH_LETTERS = re.compile(r"[ğşı]")

_DE_WORDS = """
    ich du er sie es wir ihr mich mir dich dir ihn ihm uns euch sich mein meine meinen
    meinem meiner dein deine sein seine unser unsere und oder aber nicht kein keine keinen
    ist sind war waren bin bist hat habe hast haben der die das den dem des ein eine einen
    einem einer mit von vom zu zum zur auf für fuer bei aus nach über ueber wie wo wann
    warum wieso was wer kann könnt kann soll muss darf auch noch schon sehr mal ja nein
    danke bitte hallo gibt wenn dass weil denn seit immer jetzt hier dort doch nur gut
    schlecht sohn tochter kind hilfe helfen sorge sorgen angst machen mache macht geht gehen
    weiß weiss wissen glaube
"""
_DE = frozenset(_DE_WORDS.split())
_EN_WORDS = """
    the and are you your i i'm i’m my me to of it this that what how can could help please
    son daughter with for have has do does don't dont not about need he she his we they be
    were hello thanks thank yes who where when why if or but because from there some any
    just worried radicalized radicalised brother sister friend mother father become becoming
    talk speak english anyone someone get know think want should would been being on at our
    their them him its than then very much many really
"""
_EN = frozenset(_EN_WORDS.split())
_TR_WORDS = """
    ve bir bu şu için icin ile çok cok var yok değil degil ben sen biz siz onlar nasıl nasil
    neden niye merhaba evet hayır hayir oğlum oglum kızım kizim oğlu oglu yardım yardim
    lütfen lutfen teşekkür tesekkur teşekkürler tesekkurler ederim mı mi mu mü de ki gibi
    ama şey benim senin onun istiyorum yapmalıyım yapmaliyim yapabilirim çocuğum cocugum
    okul cami camii iyi kötü kotu selam günaydın gunaydin hangi nerede zaman şimdi simdi
    daha sonra önce once hiç hic bana beni sana ona oğlumun oglumun kızımın kizimin
    endişeliyim korkuyorum hakkında hakkinda olarak oldu olur misiniz musunuz ediyorum
    yapıyor gidiyor diyor türkçe turkce konuşabilir konusabilir konuşmak biliyorum
    bilmiyorum artık artik
"""
_TR = frozenset(_TR_WORDS.split())


def language_of(text: str) -> Literal["ar", "tr", "en"] | None:
    """``"ar"``, ``"tr"`` or ``"en"`` when that language clearly dominates, else ``None``."""
    letters = [ch for ch in text if ch.isalpha()]
    arabic = len(_ARABIC.findall(text))
    if arabic >= 2 and arabic * 2 >= len(letters):
        return "ar"
    words = _WORD.findall(text.lower().replace("\u0307", ""))  # "İ".lower() is "i" + dot
    if not words:
        return None
    german = sum(w in _DE for w in words)
    tr_words = sum(w in _TR for w in words)
    turkish = tr_words + sum(w not in _TR and bool(_TURKISH_LETTERS.search(w)) for w in words)
    english = sum(w in _EN for w in words)
    if tr_words >= 1 and turkish >= 2 and turkish > german and turkish >= english:
        return "tr"
    if english >= 2 and english > german and english > turkish:
        return "en"
    return None
