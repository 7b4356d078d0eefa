"""Value types of the gazetteer: a place and the result of resolving a place string."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PlaceKind = Literal["gemeinde", "kreis"]
ResolutionStatus = Literal["found", "ambiguous", "outside_nrw", "unknown"]


@dataclass(frozen=True)
class Place:
    """An NRW municipality (``gemeinde``) or Kreis/kreisfreie Stadt/Städteregion (``kreis``).

    ``district`` is set when the text named a curated city district (``"Köln-Mülheim"``); the
    place is then the city itself.
    """

    name: str
    kind: PlaceKind
    ags: str | None
    kreis_key: str
    kreis_name: str
    kreis_type: str
    district: str | None = None

    @property
    def label(self) -> str:
        """Display name: ``"Köln-Mülheim"`` for a district, else the name."""
        return f"{self.name}-{self.district}" if self.district else self.name


@dataclass(frozen=True)
class PlaceResolution:
    """Outcome of resolving a place string.

    ``method`` says how the place was found: ``name``, ``alias``, ``district``, ``kreis``,
    ``plz``, ``fuzzy`` (a typo match: confirm with the user) or ``""``. ``matched`` is the part
    of the input that named the place. ``outside_name`` names the non-NRW place, if known.
    """

    status: ResolutionStatus
    place: Place | None = None
    candidates: tuple[Place, ...] = ()
    query: str = ""
    matched: str = ""
    method: str = ""
    outside_name: str | None = None

    @property
    def kreis_key(self) -> str | None:
        """The Kreis key when it is certain (found, or all candidates share one Kreis)."""
        if self.status == "found" and self.place is not None:
            return self.place.kreis_key
        keys = {candidate.kreis_key for candidate in self.candidates}
        if self.status == "ambiguous" and len(keys) == 1:
            return next(iter(keys))
        return None
