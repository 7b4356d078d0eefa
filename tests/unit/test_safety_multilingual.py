"""bot.safety.rules_multilingual: acute danger in en/tr/ar/ru/uk, and the near misses that
must stay quiet (faith, family travel, news, games, slang, sibling hyperbole).

The messages are written for this test, not taken from data/safety or any test set.
"""

from __future__ import annotations

import pytest

from bot.safety import assess_danger
from bot.safety.rules_multilingual import assess_multilingual, fold_multilingual

DANGER = [
    # English
    ("I'll kill him when he comes home tonight, I have the knife ready", "threat_to_kill"),
    ("my uncle said he is going to stab my mother if she leaves", "threat_to_kill"),
    ("he threatened to shoot the imam after friday prayer", "threat_to_kill"),
    ("my cousin is planning an attack on the stadium next saturday", "attack"),
    ("he rented a truck and asked where the parade has no bollards", "attack"),
    ("my brother said on friday he will become a martyr at the market", "attack"),
    ("my son bought a pistol from a guy at the station", "weapons"),
    ("we found explosives hidden under his bed", "weapons"),
    ("my nephew is flying to syria tomorrow to join isis", "travel_to_fight"),
    ("she is leaving tonight to go to the brothers in idlib", "travel_to_fight"),
    ("i want to die, i can't take it anymore", "suicide"),
    ("my daughter says she is going to kill herself tonight", "suicide"),
    # Turkish (with and without Turkish letters)
    ("onu öldüreceğim, yemin ederim", "threat_to_kill"),
    ("abim kız kardeşimi keseceğini söyledi", "threat_to_kill"),
    ("kardesim cumartesi konserde saldiri yapacak", "attack"),
    ("cuma günü şehit olacağım, helal edin", "attack"),
    ("oğlumun dolabında tabanca buldum", "weapons"),
    ("yeğenim yarın suriyeye gidip isid'e katılacak", "travel_to_fight"),
    ("hicret edeceğim dedi, haftaya gidiyor", "travel_to_fight"),
    ("ölmek istiyorum, artık dayanamıyorum", "suicide"),
    ("kendimi öldüreceğim bu gece", "suicide"),
    # Arabic (MSA, Levantine, Egyptian, Gulf, Maghrebi) and Arabizi
    ("سأقتله إذا رجع إلى البيت", "threat_to_kill"),
    ("أخوي قال رح يدبحو لأختي", "threat_to_kill"),
    ("ابني يخطط لهجوم على الكنيسة يوم الأحد", "attack"),
    ("سأنال الشهادة يوم الجمعة إن شاء الله", "attack"),
    ("لقيت مسدس مخبى بغرفة أخوي", "weapons"),
    ("ابن عمي بدو يروح على سوريا ينضم لداعش", "travel_to_fight"),
    ("بدي انتحر الليلة", "suicide"),
    ("bade mout, ma 3ad fiyye kammel", "suicide"),
    ("ra7 e2tol 7ali", "suicide"),
    ("5ayye ra7 ye2tlo la jozha", "threat_to_kill"),
    # Russian
    ("брат сказал что убьёт отца завтра", "threat_to_kill"),
    ("он угрожал убить мою маму", "threat_to_kill"),
    ("сын готовит теракт на вокзале в пятницу", "attack"),
    ("нашла у брата пистолет в шкафу", "weapons"),
    ("племянник уезжает воевать в сирию, билет на завтра", "travel_to_fight"),
    ("хочу умереть, больше не могу", "suicide"),
    ("я покончу с собой сегодня", "suicide"),
    # Ukrainian
    ("він сказав що вб'є сестру", "threat_to_kill"),
    ("брат планує напад на концерт у суботу", "attack"),
    ("у сина в рюкзаку пістолет", "weapons"),
    ("небіж їде до ІДІЛ у Сирію наступного тижня", "travel_to_fight"),
    ("хочу вмерти, не хочу більше жити", "suicide"),
    ("донька каже що покінчить із собою", "suicide"),
]

NEAR_MISSES = [
    # English
    "my son prays five times a day now and grew a beard",
    "my daughter started wearing a headscarf, is that okay?",
    "we visit my grandparents in turkey next week",
    "we watched a documentary about the 2015 attacks in paris",
    "we played counter strike all night and planted the bomb haha",
    "that burger was the bomb",
    "she's killing it on stage",
    "I'm dying laughing 😂",
    "I'll kill you if you eat my chocolate again lol",
    "what does jihad mean?",
    "my dad bought fertiliser and diesel for the farm",
    "we rented a van for moving house on saturday",
    "the bridge near school is closed this week",
    "i feel sad today but i'm ok",
    # Turkish
    "oğlum namaz kılmaya başladı, ramazanda oruç tutuyor",
    "kızım başörtüsü takmak istiyor",
    "yazın suriyede akrabaları ziyaret edeceğiz",
    "haberlerde yıllar önceki saldırıyı gösterdiler",
    "öldürdün beni gülmekten 😂",
    "bu yemek bomba gibi olmuş",
    "şehit ne demek?",
    "dedem tarlaya gübre attı",
    "bugün biraz üzgünüm ama iyiyim",
    "kardeşim pubg oynarken hep bomba atıyor",
    # Arabic
    "ابني صار يصلي ويصوم رمضان",
    "رايحين على المغرب لعرس ابن خالتي",
    "شو يعني شهيد؟",
    "الفيلم كان قنبلة",
    "أختي قالت رح تقتلني إذا أكلت الشوكولا تبعها 😂",
    "بابا اشترى سماد للأرض",
    "bado yrou7 3al 7ajj ma3 ummo",
    "انا زعلان شوي بس منيح",
    # Russian
    "сын начал молиться и держит пост",
    "летим в махачкалу на свадьбу брата",
    "что значит шахид?",
    "этот фильм просто бомба",
    "брат в пабге всё время кидает в меня гранаты",
    "сестра сказала убьёт меня если съем её шоколад 😂",
    "грустно сегодня, но я в порядке",
    # Ukrainian
    "донька хоче носити хіджаб",
    "їдемо до бабусі на весілля",
    "що означає джихад?",
    "вчора знову летіли шахеди",
    "брат каже приб'є мене якщо візьму його зарядку лол",
]


@pytest.mark.parametrize(("text", "kind"), DANGER)
def test_danger_is_found_with_the_right_kind(text: str, kind: str) -> None:
    verdict = assess_multilingual(text)
    assert verdict.kind == kind, verdict
    assert verdict.matched.startswith("ml.")
    assert assess_danger(text).kind == kind


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_no_alarm(text: str) -> None:
    assert not assess_multilingual(text).is_danger
    assert not assess_danger(text).is_danger


def test_enough_cases_per_language() -> None:
    assert len(DANGER) >= 40
    assert len(NEAR_MISSES) >= 40


def test_folding() -> None:
    assert fold_multilingual("Onu ÖLDÜRECEĞİM!") == "onu oldurecegim"
    assert fold_multilingual("سَأَقْتُلُهُ") == "ساقتله"
    assert fold_multilingual("Вб'є") == "вбє"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "a" * 10_000,
        "😂🔥💣" * 2_000,
        "<b>hello</b><script>alert(1)</script>",
        "\x00\x01\u200b\ufeff",
        "ـــــ" * 500,
        "kill " * 2_000,
        "i'll " * 3_000 + "kill him",
        "\n" * 10_000,
        "[link](http://x) **bold** `code`",
    ],
)
def test_odd_input_never_raises(text: str) -> None:
    verdict = assess_multilingual(text)
    assert verdict.kind is None or verdict.matched.startswith("ml.")
    assess_danger(text)


@pytest.mark.parametrize(
    "text",
    ["there was an attack in paris", "There was an attack in Paris yesterday, my son is scared"],
)
def test_english_was_an_is_not_the_german_harm_phrase(text: str) -> None:
    # German "er tut ihr was an" ends its clause; in English "was an" precedes a noun
    assert not assess_danger(text).is_danger
