"""Cleaning of Thai free-text answers: normalise, mask personal data, flag non-answers and repeats.

Normalising is ``analysis.text.normalize`` (each step names itself when it changes the text, so
every row of ``clean_frame`` says what was done to it) and masking ``analysis.text.privacy``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from analysis.text.answers import duplicate_flags
from analysis.text.answers import empty_reason
from analysis.text.normalize import NORMALIZATION_STEPS
from analysis.text.normalize import normalize_text
from analysis.text.normalize import normalize_with_changes
from analysis.text.privacy import mask_normalized_with_changes
from analysis.text.privacy import mask_personal_data
from analysis.text.segmenters import fast_segment
from analysis.text.tokens import DEFAULT_DOMAIN_WORDS
from analysis.text.tokens import LAUGHTER
from analysis.text.tokens import content_words

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "LAUGHTER",
    "NORMALIZATION_STEPS",
    "clean_frame",
    "clean_text",
    "mask_personal_data",
    "normalize_text",
    "normalize_with_changes",
    "tokenize",
]


# A dashboard cleans a workshop's answers again at every refit (a tenth of the CPU of a refit of
# 5,000 kept answers): a process remembers the last answers it cleaned (about 1 KB each).
DEFAULT_CLEAN_CACHE = 10_000


@lru_cache(maxsize=DEFAULT_CLEAN_CACHE)
def _cleaned(text: str) -> tuple[str, tuple[str, ...]]:
    """Return ``text`` normalised and masked, and the changes made (remembered per text)."""
    normalized, changes = normalize_with_changes(text)
    masked, masks = mask_normalized_with_changes(normalized)
    return masked, (*changes, *masks)


def clean_with_changes(text: str) -> tuple[str, list[str]]:
    """Return ``text`` normalised and masked, and the list of changes made."""
    masked, changes = _cleaned(text)
    return masked, list(changes)


def clean_text(text: str) -> str:
    """Return ``text`` normalised and with personal data masked: the form every display shows."""
    return clean_with_changes(text)[0]


def tokenize(
    text: str,
    domain_words: Iterable[str] = DEFAULT_DOMAIN_WORDS,
    engine: Callable[[str], list[str]] = fast_segment,
) -> list[str]:
    """Return the words of the cleaned ``text`` for word counts: stop words out, ไม่/ช้า/ยาก kept.

    ``engine`` segments Thai (``analysis.text.segmenters``): nlpo3 by default, the compact
    engine where memory counts more than speed (the live dashboard).
    """
    return content_words(clean_text(text), domain_words, engine=engine)


def _as_text(value: object) -> str:
    """Return a cell as text: missing values become the empty string."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def clean_frame(
    texts: pd.Series, find_duplicates: bool = True, respondents: pd.Series | None = None
) -> pd.DataFrame:
    """Return one row per text, same index, with the cleaned text and its flags.

    Columns: ``text_clean`` (str, normalised and masked), ``is_empty`` (bool, a non-answer),
    ``empty_reason`` (str or None: ``blank``, ``symbols``, ``no_comment``), ``is_duplicate``
    (bool, the same text, give or take spacing, punctuation and particles, as an earlier
    answer, or a near copy of an earlier long answer; common short answers from different
    people match too, unless ``respondents`` (same index) says whose each text is: then only
    one person's repeats count; all False when ``find_duplicates`` is False), ``changes`` (str, the steps that changed the text joined
    by "; "). The original text is not repeated: it stays in ``texts``.
    """
    # imported here: cleaning one answer for the live dashboard needs no pandas
    import pandas as pd

    cleaned = [clean_with_changes(_as_text(v)) for v in texts]
    clean = [c for c, _ in cleaned]
    reasons = [empty_reason(c) for c in clean]
    is_empty = [r is not None for r in reasons]
    owners = None if respondents is None else respondents.loc[texts.index].tolist()
    duplicates = (
        duplicate_flags(clean, is_empty, owners) if find_duplicates else [False] * len(clean)
    )
    frame = pd.DataFrame(
        {
            "text_clean": clean,
            "is_empty": pd.Series(is_empty, index=texts.index, dtype=bool),
            "empty_reason": pd.Series(reasons, index=texts.index, dtype=object),
            "is_duplicate": pd.Series(duplicates, index=texts.index, dtype=bool),
            "changes": ["; ".join(ch) for _, ch in cleaned],
        },
        index=texts.index,
    )
    return frame
