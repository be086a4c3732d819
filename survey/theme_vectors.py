"""Sentence vectors of stored answers, computed once and kept: the encoder that themes use in
the app. A point's kept vector is used while its text and the encoder version are unchanged;
otherwise it is computed again and replaces the kept one.

Vectors are computed on first use, by the request or command that fits themes (the dashboard,
the results page, a report or export), never at intake: a worker that only takes participants'
answers never loads the encoder, and the embedded set-up needs no background queue. The first
fit of a workshop pays for its answers once; later fits encode only what is new.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.themes.encoder import VECTOR_SIZE
from analysis.themes.encoder import SentenceEncoder
from analysis.themes.encoder import UniversalSentenceEncoder
from analysis.themes.encoder import text_hash
from survey import store
from survey.store.vectors import PointKey

_STORED_DTYPE = "<f4"  # little-endian float32, whatever the server


class StoredVectors:
    """A sentence encoder for the points of stored answers, ``keys`` one per point in the order
    the texts will come (response id, question id, unit no)."""

    def __init__(self, keys: Sequence[PointKey], encoder: SentenceEncoder | None = None) -> None:
        self.keys = list(keys)
        self._encoder = encoder
        self.version = encoder.version if encoder else UniversalSentenceEncoder().version
        self.reused = 0
        self.encoded = 0

    @property
    def encoder(self) -> SentenceEncoder:
        """Return the encoder that computes what is not kept (made on first need)."""
        if self._encoder is None:
            self._encoder = UniversalSentenceEncoder()
        return self._encoder

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one vector per text: kept ones where text and encoder match, the rest computed
        and kept. Texts that do not match the keys one for one are computed, not kept."""
        if len(texts) != len(self.keys):
            return self.encoder.encode(texts)
        kept = store.stored_vectors({response for response, _, _ in self.keys})
        vectors = np.zeros((len(texts), VECTOR_SIZE), dtype=np.float32)
        digests = [text_hash(t) for t in texts]
        missing = []
        for i, (key, digest) in enumerate(zip(self.keys, digests, strict=True)):
            found = kept.get(key)
            if found and found[0] == digest and found[1] == self.version:
                vectors[i] = np.frombuffer(found[2], dtype=_STORED_DTYPE)
            else:
                missing.append(i)
        self.reused, self.encoded = len(texts) - len(missing), len(missing)
        if missing:
            fresh = self.encoder.encode([texts[i] for i in missing])
            vectors[missing] = fresh
            store.save_vectors(
                {
                    self.keys[i]: (
                        digests[i],
                        self.version,
                        fresh[j].astype(_STORED_DTYPE).tobytes(),
                    )
                    for j, i in enumerate(missing)
                }
            )
        return vectors


def stored_vectors_for(points: pd.DataFrame) -> StoredVectors:
    """Return the encoder for points with ``response_id``, ``question_id`` and ``unit_no``."""
    keys = zip(points["response_id"], points["question_id"], points["unit_no"], strict=True)
    return StoredVectors([(int(r), str(q), int(u)) for r, q, u in keys])
