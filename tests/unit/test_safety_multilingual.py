"""bot.safety.rules_multilingual: acute danger in en/tr/ar/ru/uk, and the near misses that
must stay quiet (faith, family travel, news, games, slang, sibling hyperbole).

The messages are written for this test, not taken from data/safety or any test set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.safety import assess_danger
from bot.safety import rules_multilingual as ml
from bot.safety.detect import DangerAssessment
from bot.safety.rules_multilingual import assess_multilingual, fold_multilingual
from bot.safety.training import load_training_data

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


# Turkish and Arabic (dialects, Arabizi, Darija) departures to fight and attacks on a named
# place with a day (2026-12, writer E's round): each rule with the message it must catch.
NEW_RULES = [
    # Turkish: "savaşmak için gidiyor" with Damascus (Şam'a -> "sama"), the brothers, cities
    ("yeğenim yarın Şam'a gidip savaşacak, annesine bile söylemedi", "ml.tr.fight_trip"),
    ("oglum sama gidiyor savasmak icin, haftaya", "ml.tr.fight_trip"),
    ("kuzenim 'kardeşlerin yanına gidiyorum, bir daha dönmeyeceğim' yazdı", "ml.tr.brothers"),
    ("kızım Şam'daki kardeşlerin yanına gidecekmiş, tek yön", "ml.tr.brothers"),
    ("kızım Rakka'da savaşan biriyle evlenecekmiş", "ml.tr.city_fight"),
    ("oğlum Şam'a tek yön bilet almış, kimseye söylemeden", "ml.tr.city_no_return"),
    # Turkish: a plan of the place (genitive + kroki/plan/harita) with a day, new attack words
    ("kuzenim garın planını çıkarmış, perşembe akşamı yazıyor yanında", "ml.tr.map_day"),
    ("abim stadyumun krokisini çizmiş, pazar günü derbi var diyor", "ml.tr.map_day"),
    ("abim havranın önünde cumartesi herkesi havaya uçuracağız dedi", "ml.tr.attack"),
    ("yeğenim camiyi ateşe vereceğini söyledi, cuma namazında", "ml.tr.attack"),
    ("kardeşim istasyona bomba koyacağını söyledi, yarın sabah", "ml.tr.attack"),
    # Arabic script: Gulf "بيطلع", Darija "يمشي", fight named with a goodbye to the family
    ("ولد خالي بيطلع للجهاد بكرة", "ml.ar.travel"),
    ("خويا غادي يمشي لسوريا نهار الخميس", "ml.ar.travel"),
    ("أخوي ودّع أهلي وقال رايح يجاهد مع الإخوة بكرة", "ml.ar.fight_trip"),
    ("خويا خلا ليا ورقة: ما تقلبوش عليا", "ml.ar.hijra"),
    ("akhoya sab gawab: matdawarsh 3alaya", "ml.ar.hijra"),
    # Arabic script: burn / blow up with Darija intent, a plan of the place with a day
    ("ابن خالتي ناوي يحرق الحسينية يوم الجمعة", "ml.ar.attack"),
    ("صاحبي بغا ينسف كلشي نهار السبت", "ml.ar.attack"),
    ("ابن عمي عنده خريطة الكنيسة ومكتوب عليها يوم الأحد", "ml.ar.map_day"),
    # Arabizi: Egyptian, Levantine, Gulf, Darija departures
    ("akhoya hayesafer soria el gom3a", "ml.az.travel"),
    ("5ayye ra7 yrou7 3al jabha bokra", "ml.az.travel"),
    ("sahbi mcha l7dod bach yjahed, ma bqach kayjawb", "ml.az.travel"),
    ("ibn 3ammi wadda3 ahlo w rayeh yjahed ma3 el shabab", "ml.az.fight_trip"),
    # Arabizi: attacks on a place with a day, a vehicle into people, a plan, bomb parts
    ("akhoya hayfaggar el kenisa el 7ad", "ml.az.place_attack"),
    ("ibn 3ammi ra7 yfajjer 7alo bel nas bokra", "ml.az.place_attack"),
    ("sahbi ghadi y7r9 ljame3 nhar ljem3a", "ml.az.place_attack"),
    ("wa7ed f lgroupe 9al ghadi y7ot bomba f lmarche nhar sebt", "ml.az.place_attack"),
    ("akhoya hay5osh bel 3arabeya fel nas fel mahrajan bokra", "ml.az.vehicle"),
    ("ibn 3ammi 3ndo mokhattat el kanis w kateb 3aleh yom el sabt", "ml.az.map_day"),
    ("sahbi 3ando 2anninet ghaz w msamir bel seyyara, w bey2ool el kanis el sabt", "ml.parts"),
    # "يعني" / "ya3ni" as a filler no longer reads as a definition question
    ("ولدي يعني صار عنده مسدس مخبى بغرفته", "ml.ar.weapon"),
    ("ya3ni akhoya hayesafer souria yjahed bokra", "ml.az.travel"),
    # goodbye letter: "I don't want to live any more"
    ("خلص ما عاد بدي عيش", "ml.ar.suicide"),
]
_KIND_OF = {
    "fight_trip": "travel_to_fight",
    "brothers": "travel_to_fight",
    "city_fight": "travel_to_fight",
    "city_no_return": "travel_to_fight",
    "travel": "travel_to_fight",
    "hijra": "travel_to_fight",
    "map_day": "attack",
    "attack": "attack",
    "place_attack": "attack",
    "vehicle": "attack",
    "parts": "weapons",
    "weapon": "weapons",
    "suicide": "suicide",
}

# The same words, harmless: family visits, Umrah, holidays, military service, history, school
# plans, weddings, football, weather, jobs.
NEW_NEAR_MISSES = [
    # Turkish
    "kardeşlerin yanına gidiyorum, akşam dönerim",
    "Şam'a tek yön bilet aldık, savaş bitti, evimize dönüyoruz",
    "askerliğimi yapmaya gidiyorum, sınır karakolunda nöbet tutacağım",
    "soğuk hava cephesi geliyor, yarın Ankara'ya gidiyoruz",
    "tarih dersinde Çanakkale'de savaşmaya giden askerleri anlattılar",
    "Suriye'deki teyzemizin yanına gidiyoruz, bayramda",
    "kardeşim PUBG oynarken hep cepheye gidiyor",
    "cuma günü kilisenin krokisini çizip öğretmene teslim edeceğiz",
    "garın çıkışında buluşalım, perşembe akşam",
    "istasyonun haritasını indirdim, yarın sabah işe gidiyorum",
    "stadyumun girişlerini öğrenmek istiyorum, pazar maça gidiyoruz",
    "pazar günü parkta uçurtma uçuracağız",
    "cumartesi kilisede konser var, hafta sonu planı belli",
    # Arabic script
    "بدي خريطة المحطة، بكرة الصبح عندي قطار",
    "الافتتاح الرسمي للمحطة يوم الخميس",
    "مراسم الزفاف في الكنيسة يوم السبت",
    "بيطلع مع ربعه للبر يوم الجمعة",
    "خويا غادي يمشي للتجنيد نهار الاثنين",
    "رايحين سوريا نشوف بيت أهلنا ونرجع بعد شهر",
    "الجمهور غادي يفجرها فالملعب نهار الأحد",
    "رايح عالجبهة الشعبية اجتماع يوم السبت",
    "يعني الجامع رح يسكر يوم الجمعة بكير؟",
    # Arabizi
    "rayeh souriya yzour ahlo",
    "rayeh souriya ba3d el 7arb, yzour 9abr jeddo",
    "ra7 nrou7 3al sham nzour teta el sabt",
    "el gehad ma3nah eh? howa rayeh el masjid",
    "el ultras hayfaggaro el stad el gom3a",
    "el hujum kan 7elw yom el sabt fel stad, el match kan gamed",
    "fi 7ar2a bel ma7atta el yom, shoft el akhbar?",
    "hay5osh el madrase bokra, awel yom",
    "el ostaz 2al el imte7an yom el khamis",
    "5ayye 3am yed3as 3al benzin bel seyyara",
    "ibni 3ando mokhattat el mashro3 lel madrase, el taslim yom el sabt",
    "akhoya ma3ah tazkara lel match fel stad el sabt",
    "hayesafer torkia yshtaghal, hay3addi el 7odood bel 3arabeya fel agaza",
]


@pytest.mark.parametrize(("text", "rule"), NEW_RULES)
def test_new_turkish_and_arabic_rules(text: str, rule: str) -> None:
    verdict = assess_multilingual(text)
    kind = _KIND_OF[rule.rsplit(".", 1)[1]]
    assert (verdict.kind, verdict.matched) == (kind, rule), verdict
    assert assess_danger(text).kind == kind


@pytest.mark.parametrize("text", NEW_NEAR_MISSES)
def test_new_near_misses_are_no_alarm(text: str) -> None:
    assert not assess_multilingual(text).is_danger, assess_multilingual(text)
    assert not assess_danger(text).is_danger


@pytest.mark.parametrize(
    "text",
    [
        # a definition question still silences (only the filler does not)
        "شو يعني جهاد؟ ابني رايح المسجد بكرة",
        "el jihad ya3ni eh? 5ayye ra7 yrou7 3al masjid bokra",
    ],
)
def test_a_definition_question_in_the_dialects_still_silences(text: str) -> None:
    assert not assess_multilingual(text).is_danger


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


@pytest.mark.parametrize(
    "text",
    [
        "ma ba3d baddi 3ish, khalas, el lele ra7 wadde3 el kil",
        "khali ghadi yqtel jarna ghedda, chra mus",
        "sa7bo katab 3al face bokra el kuffar fel nady hayedfa3o el taman",
        "amcam garajda çivi ve kablolarla uğraşıyor, pazar günü kiliseye gidecekmiş",
    ],
)
def test_arabizi_darija_and_turkish_kinds_found_late(text: str) -> None:
    assert assess_danger(text).is_danger


@pytest.mark.parametrize(
    "text",
    [
        "annem mutfakta tencere ve kablolu mikser ile yemek yapıyor",
        "ma baddi roo7 3al madrase bokra, ta3ban",
    ],
)
def test_their_harmless_neighbours(text: str) -> None:
    assert not assess_danger(text).is_danger


@pytest.mark.parametrize(
    "text",
    [
        "my nephew has a one-way ticket to Hatay for next week",
        "she told her friend she won't need her German passport anymore",
    ],
)
def test_no_way_back_to_the_border_is_travel_to_fight(text: str) -> None:
    assert assess_multilingual(text).kind == "travel_to_fight"


@pytest.mark.parametrize(
    "text",
    [
        # "how do I do that" alone is no suicide: it was one of the Russian/Ukrainian phrases
        "хочу записатися на консультацію, як це зробити",
        "хочу поговорить со специалистом, как это сделать?",
        "I lost my passport, will I need a new passport again?",
        "we booked a one way flight to Antalya for the summer",
    ],
)
def test_how_to_do_it_and_passports_alone_are_no_alarm(text: str) -> None:
    assert not assess_danger(text).is_danger, assess_danger(text)


# --- keys: the cheap patterns tried before a rule's own ------------------------------------
_TESTS = Path(__file__).resolve().parents[1]
_KEYED = [rule for rule in ml._RULES if rule.keys]


def _corpus() -> list[str]:
    """Every message of the crisis layer's training data and of the blind sets."""
    texts = [turn for unit in load_training_data().units for turn in unit.turns]
    for path in sorted([*_TESTS.glob("safety/blind/*.yml"), *_TESTS.glob("blind/**/*.yml")]):
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        for case in data.get("cases") or data.get("messages") or []:
            if isinstance(case, dict) and isinstance(case.get("text"), str):
                texts.append(case["text"])
        for conversation in data.get("conversations") or []:
            for turn in conversation.get("turns") or []:
                text = turn.get("text") if isinstance(turn, dict) else turn
                if isinstance(text, str):
                    texts.append(text)
    return sorted(set(texts))


def _verdict_without_keys(text: str, raw: str) -> DangerAssessment | None:
    """The rules as they were read before they had keys: every condition of every rule."""
    frames = ml._frames(raw, text)
    parts_checked = False
    for rule in ml._RULES:
        if rule.kind == "suicide" and not parts_checked:
            parts_checked = True
            if not ml._silenced(ml._PARTS_RULE, frames) and ml._parts_fire(text):
                return DangerAssessment("weapons", "ml.parts")
        if ml._silenced(rule, frames):
            continue
        if rule.requires is not None and not rule.requires.search(text):
            continue
        if rule.unless is not None and rule.unless.search(text):
            continue
        if rule.pattern.search(text):
            return DangerAssessment(rule.kind, rule.name)
    return None


def test_most_co_occurrence_rules_have_keys() -> None:
    assert len(_KEYED) >= 30
    assert all(len(rule.keys) == 2 for rule in _KEYED)


@pytest.mark.parametrize("rule", _KEYED, ids=[rule.name for rule in _KEYED])
def test_keys_match_whatever_the_rule_matches(rule: ml._Rule) -> None:
    # Strings made from the rule's own pattern, through every alternative hypothesis picks.
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(rule.pattern))
    def check(text: str) -> None:
        assert rule.pattern.search(text)
        for key in rule.keys:
            assert key.search(text), (text, key.pattern[:80])

    check()


def test_keyed_verdicts_equal_the_full_reading_on_every_known_message() -> None:
    texts = _corpus()
    assert len(texts) > 3000
    fired = 0
    for raw in texts:
        text = ml.fold_multilingual(ml._LONG_WORD.sub(" ", raw))
        expected = _verdict_without_keys(text, raw)
        assert ml._verdict(text, raw, DangerAssessment) == expected, raw
        fired += expected is not None
    assert fired > 300  # the corpus holds many messages the rules fire on


def test_a_half_with_a_bar_outside_its_groups_gives_no_keys() -> None:
    # "x|y" binds the words around it to x and to y alone: its halves are no keys.
    assert ml.near(r"x|y", r"z").keys == ()
    assert ml.then(r"z", r"(?:x|y)").keys != ()
    assert ml._alternatives(r"(?:a|b)") is None
    assert ml._alternatives(r"(?:a|b)c") == [r"(?:a|b)c"]
    assert ml._alternatives(r"a|(?:b|c)|[|]") == ["a", "(?:b|c)", "[|]"]
    assert ml._without_leading_words(r"(?:\w*sam|gid\w*|(?:\w*x|y))") == r"(?:sam|gid\w*|(?:x|y))"
    assert ml._without_leading_words(r"(?:\w*a|b)c") == r"(?:\w*a|b)c"  # not leading there


def test_a_pattern_built_from_a_keyed_one_has_no_keys() -> None:
    combined = ml.near("a", "b") + "|c"
    assert type(combined) is str
    assert ml._rule("x", "attack", combined).keys == ()
