"""Which free-text answers are not answers ("ไม่มี", "-", "ok") and which repeat an earlier one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

from analysis.text.intake import remove_invisible

DEFAULT_NEAR_DUPLICATE_SIMILARITY = 0.9  # cosine of character 3-grams; a re-paste with small edits
# Short answers ("อาหารอร่อยมาก", "ขอยกเลิกเสียงเพลงรอสาย") coincide across people honestly;
# a near-copy of a long answer is one person pasting twice.
DEFAULT_NEAR_DUPLICATE_MIN_CHARS = 40
DEFAULT_NEAR_DUPLICATE_MAX_ROWS = 20_000  # above this, exact (folded) duplicates only
_CHUNK_ROWS = 2_000

# Polite particles and fillers around a non-answer: "ไม่มีค่ะ", "ไม่มีครับผม", "ไม่มีนะคะ".
_PARTICLES = r"ค่ะ|คะ|ครับผม|ครับ|คับ|ค่า|จ้า|จ้ะ|นะ|จ๊ะ|ฮะ|เลย|แล้ว|จ้ะ|อะ|อ่ะ"
# Words that may follow "ไม่มี" in a non-answer. Anything else ("ไม่มีที่จอดรถ") is an answer.
_NO_COMMENT_TAILS = (
    r"ข้อเสนอแนะ|ข้อแนะนำ|ความคิดเห็น|ข้อคิดเห็น|คำแนะนำ|ความเห็น|เพิ่มเติม|อื่นๆ|อื่น|อะไร|"
    r"ใดๆ|ใด|ปัญหา|ข้อติ|ติ|ชม|ค่ะ|คะ|ครับ|ประการ|ที่จะ|เสนอ|แนะนำ|ให้|ครับผม|นะ|จ้า|ขอบคุณ"
)
# "ไม่มีค่ะ ไม่มี", "ไม่มีค่ะ 555": said twice, or with a laugh, it is still no comment.
_RE_NO_COMMENT_TH = re.compile(
    rf"(?:(?:ไม่มี|ไม่|ยังไม่มี)(?:{_NO_COMMENT_TAILS}|{_PARTICLES})*)+(?:5{{3,}}\+*)?"
)
# English and Malay (Pattani Malay speakers answer in Malay: "tiada", "tak ada").
_RE_NO_COMMENT_OTHER = re.compile(
    r"(?:no|none|nothing|nope|nil|n/?a|ok|okay|-|no comments?|nothing else|"
    r"tiada|tidak ada|tak ada|takde|tiada komen|tiada cadangan)",
    re.IGNORECASE,
)
_RE_SYMBOLS_ONLY = re.compile(r"[\W_]*")  # punctuation, emoji, spaces: no letter, no digit
# Western and Asian emoticons (":)", ":-D", ";P", "xD", "^^", "^_^", "T_T", "o_O", "<3"): they
# decorate a non-answer the way "." and "!" do, and letters in them do not make it an answer.
_EMOTICON = (
    r"[:;=8][-'^o]?[)(\]\[DPpOo3*|/\\]+|[xX][Dd]+|\^[_\-.oOwW]*\^+|[Tt][_.]?[Tt]|[oO0][_.][oO0]|<3+"
)
# What may sit before or after a non-answer: spaces, punctuation, emoji and other symbols (not
# Thai marks, which Python counts as non-word characters), and emoticons.
_RE_LEADING_DECORATION = re.compile(rf"^(?:{_EMOTICON}|[^\w\u0e00-\u0e7f])+")
_RE_TRAILING_DECORATION = re.compile(rf"(?:(?<![^\W\d_])(?:{_EMOTICON})|[^\w\u0e00-\u0e7f])$")
DEFAULT_MAX_NON_ANSWER_CHARS = 80  # longer texts are answers; this keeps the checks cheap
_RE_FOLD = re.compile(rf"[\W_]+|{_PARTICLES}")  # what a re-paste may differ by


def strip_decoration(text: str) -> str:
    """Return ``text`` without the spaces, symbols, emoji and emoticons at either end."""
    text = _RE_LEADING_DECORATION.sub("", text)
    while True:
        shorter = _RE_TRAILING_DECORATION.sub("", text)
        if shorter == text:
            return text
        text = shorter


def empty_reason(text: str) -> str | None:
    """Return why ``text`` is not an answer (``blank``, ``symbols``, ``no_comment``) or None.

    Invisible characters do not count (a lone U+3164 "blank" is ``blank``), and neither do the
    emoji, emoticons and punctuation around a non-answer: "ไม่มีค่ะ 🙏", "ไม่มีครับ ^^" and
    "ok :)" are ``no_comment``. Laughter alone ("555") is an answer.
    """
    stripped = remove_invisible(text).strip()
    if not stripped:
        return "blank"
    if _RE_SYMBOLS_ONLY.fullmatch(stripped):
        return "symbols"
    if len(stripped) > DEFAULT_MAX_NON_ANSWER_CHARS:
        return None
    core = strip_decoration(stripped)
    if not core:
        return "symbols"
    compact = re.sub(r"[\s.!,~]+", "", core)
    if _RE_NO_COMMENT_TH.fullmatch(compact) or _RE_NO_COMMENT_OTHER.fullmatch(core):
        return "no_comment"
    return None


def fold_for_duplicates(text: str) -> str:
    """Return the key two copies of one answer share: no spaces, punctuation or particles."""
    return _RE_FOLD.sub("", text.lower())


def _near_duplicates(keys: Sequence[str], candidates: np.ndarray, groups: np.ndarray) -> set[int]:
    """Return positions among ``candidates`` whose text nearly repeats an earlier candidate of
    the same group."""
    # imported here: the live dashboard checks non-answers without loading scikit-learn
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(analyzer="char", ngram_range=(3, 3)).fit_transform(
        [keys[i] for i in candidates]
    )
    group_of = groups[candidates]
    # only a group with two or more candidates can repeat itself: the rest are compared with
    # nothing (5,000 people answering once each took a second of a dashboard's refit here);
    # the 3-gram weights stay those learnt from every candidate, so the similarities do not move
    _, inverse, counts = np.unique(group_of.astype(str), return_inverse=True, return_counts=True)
    shared = np.flatnonzero(counts[inverse] > 1)
    candidates, vectors, group_of = candidates[shared], vectors[shared], group_of[shared]
    found: set[int] = set()
    for start in range(0, len(candidates), _CHUNK_ROWS):
        end = start + _CHUNK_ROWS
        block = (vectors[start:end] @ vectors[:end].T).tocoo()  # earlier answers only
        later = block.col < block.row + start
        similar = block.data >= DEFAULT_NEAR_DUPLICATE_SIMILARITY
        same = group_of[block.row + start] == group_of[block.col]
        found.update(candidates[block.row[later & similar & same] + start].tolist())
    return found


def duplicate_flags(
    texts: Sequence[str], is_empty: Sequence[bool], groups: Sequence[object] | None = None
) -> list[bool]:
    """Return, per text, whether it repeats an earlier answer exactly or nearly.

    With ``groups`` (one per text, e.g. the respondent), only a repeat within the same group
    counts: two people who write the same complaint are two answers, one person pasting twice
    is one.
    """
    import numpy as np

    keys = [fold_for_duplicates(t) for t in texts]
    owners = np.array([0] * len(keys) if groups is None else [str(g) for g in groups], dtype=object)
    seen: set[tuple[object, str]] = set()
    flags = []
    for owner, key, empty in zip(owners, keys, is_empty, strict=True):
        flags.append(not empty and (owner, key) in seen)
        if not empty:
            seen.add((owner, key))
    candidates = np.array(
        [
            i
            for i, (k, f, e) in enumerate(zip(keys, flags, is_empty, strict=True))
            if not f and not e and len(k) >= DEFAULT_NEAR_DUPLICATE_MIN_CHARS
        ],
        dtype=int,
    )
    if 1 < len(candidates) <= DEFAULT_NEAR_DUPLICATE_MAX_ROWS:
        for i in _near_duplicates(keys, candidates, owners):
            flags[i] = True
    return flags
