"""Load the shipped place data once and build the look-up indexes (at first use, not import)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from bot.geo.types import Place
from bot.text.folding import fold_key

GAZETTEER_DIR = "gazetteer"


@dataclass(frozen=True)
class Target:
    """What a look-up key points to: an NRW place, or (``place`` None) a place outside NRW."""

    place: Place | None
    method: str
    outside: str | None = None


@dataclass(frozen=True)
class GazetteerIndex:
    keys: dict[str, tuple[Target, ...]]
    plz: dict[str, tuple[Place, ...]]
    plz_prefixes: frozenset[str]
    kreise: dict[str, Place]
    gemeinden: dict[str, Place]
    fuzzy_keys: dict[str, tuple[str, ...]]
    max_key_tokens: int


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = (resources.files("bot") / "data" / name).read_text(encoding="utf-8")
    yield from csv.DictReader(text.splitlines())


def _split(value: str, sep: str) -> list[str]:
    return [part.strip() for part in value.split(sep) if part.strip()]


class _Builder:
    def __init__(self) -> None:
        self.keys: dict[str, list[Target]] = {}

    def add(self, names: Iterable[str], target: Target, *, weak: bool = False) -> None:
        """Index ``target`` under the folded ``names``. ``weak`` keys yield to existing ones."""
        for key in names:
            if not key:
                continue
            existing = self.keys.setdefault(key, [])
            if weak and existing:
                continue
            if target.place is None and any(t.place for t in existing):
                continue  # an NRW place wins over a same-named place elsewhere
            if target not in existing:
                existing.append(target)


def _kreis_variants(name: str) -> tuple[list[str], str | None]:
    """Spellings of a Kreis name and its core (``"Rhein-Sieg-Kreis"`` → ``"Rhein-Sieg"``)."""
    core: str | None = None
    if name.startswith("Kreis "):
        core = name[len("Kreis ") :]
    elif name.startswith("Rhein-Kreis "):
        core = name[len("Rhein-Kreis ") :]
    elif name.startswith("Städteregion "):
        core = name[len("Städteregion ") :]
        return [name, f"Städte-Region {core}", f"Städteregion-{core}"], core
    elif name.endswith("-Kreis") or name.endswith(" Kreis"):
        core = name[: -len("-Kreis")]
    elif name.endswith("kreis"):
        core = name[: -len("kreis")]
    spellings = [name]
    if core:
        spellings += [f"Kreis {core}", f"{core} Kreis", f"{core}kreis", f"Landkreis {core}"]
        if core.endswith("er"):  # "im Märkischen Kreis", "im Oberbergischen Kreis"
            spellings.append(f"{core[:-2]}en Kreis")
    return spellings, core


def _folded(names: Iterable[str]) -> list[str]:
    """The look-up keys of ``names``: umlauts spelled out ("koeln") and without dots ("koln")."""
    keys = (fold_key(name, plain_umlauts=plain) for name in names for plain in (False, True))
    return list(dict.fromkeys(keys))


def _build() -> GazetteerIndex:
    builder = _Builder()
    kreise: dict[str, Place] = {}
    for row in _rows(f"{GAZETTEER_DIR}/nrw_kreise.csv"):
        kreise[row["kreis_key"]] = Place(
            name=row["kreis_name"],
            kind="kreis",
            ags=None,
            kreis_key=row["kreis_key"],
            kreis_name=row["kreis_name"],
            kreis_type=row["kreis_type"],
        )
    gemeinden: dict[str, Place] = {}
    city_names: dict[str, list[str]] = {}
    plz: dict[str, list[Place]] = {}
    for row in _rows(f"{GAZETTEER_DIR}/nrw_gemeinden_extended.csv"):
        place = Place(
            name=row["name"],
            kind="gemeinde",
            ags=row["ags"],
            kreis_key=row["kreis_key"],
            kreis_name=row["kreis_name"],
            kreis_type=row["kreis_type"],
        )
        gemeinden[place.ags or ""] = place
        aliases = _split(row["aliases"], ";")
        city_names[row["ags"]] = [row["name"], *aliases]
        builder.add([fold_key(row["name"])], Target(place, "name"))
        builder.add([fold_key(alias) for alias in aliases], Target(place, "alias"))
        for code in _split(row["plz"], " "):
            plz.setdefault(code, []).append(place)
    for row in _rows("place_aliases.csv"):
        target_place = (
            gemeinden[row["target_key"]]
            if row["target_kind"] == "gemeinde"
            else kreise[row["target_key"]]
        )
        builder.add(_folded([row["alias"]]), Target(target_place, "alias"))
        if target_place.ags:
            city_names.setdefault(target_place.ags, []).append(row["alias"])
    for place in kreise.values():
        if place.kreis_type == "kreisfreie_stadt":
            continue  # the city's own name already points to it
        spellings, core = _kreis_variants(place.name)
        builder.add(_folded(spellings), Target(place, "kreis"))
        if core:
            builder.add(_folded([core]), Target(place, "kreis"), weak=True)
    for row in _rows("districts.csv"):
        city = gemeinden[row["city_ags"]]
        district_names = [row["district"], *_split(row["aliases"], ";")]
        target = Target(replace(city, district=row["district"]), "district")
        prefixed = [f"{c} {d}" for c in city_names[row["city_ags"]] for d in district_names]
        builder.add(_folded(prefixed), target)
        if row["standalone"] == "yes":
            builder.add(_folded(district_names), target)
    for row in _rows("outside_nrw.csv"):
        names = [row["name"], *_split(row["aliases"], ";")]
        builder.add(_folded(names), Target(None, "outside", outside=row["name"]))
    keys = {key: tuple(targets) for key, targets in builder.keys.items() if targets}
    by_first: dict[str, list[str]] = {}
    for key in keys:
        if len(key) >= 4:
            by_first.setdefault(key[0], []).append(key)
    return GazetteerIndex(
        keys=keys,
        plz={code: tuple(places) for code, places in plz.items()},
        plz_prefixes=frozenset(code[:3] for code in plz),
        kreise=kreise,
        gemeinden=gemeinden,
        fuzzy_keys={first: tuple(group) for first, group in by_first.items()},
        max_key_tokens=max(len(key.split()) for key in keys),
    )


@lru_cache(maxsize=1)
def load_index() -> GazetteerIndex:
    """The gazetteer index, built on first use and cached for the process."""
    return _build()
