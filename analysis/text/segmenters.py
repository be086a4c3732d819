"""Two engines of one Thai word segmentation (newmm over PyThaiNLP's word list): nlpo3, fast but
big in memory, for themes and the report; a compact one for what a server process does on every
request: the words of page typography and the live dashboard's word counts."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

import marisa_trie
from pythainlp.tokenize.newmm import segment as newmm_segment

# The word list nlpo3 loads by default (pythainlp.tokenize.nlpo3): both engines know the same words.
WORD_LIST = "words_th.txt"


def fast_segment(text: str) -> list[str]:
    """Return the words of ``text`` by nlpo3 (Rust newmm): about 5 times the compact engine's
    speed, but its dictionary holds about 60 MiB in each process that loads it (measured with
    /proc/self/status before and after the first call)."""
    # imported here: a process that only shows pages never loads the dictionary
    from pythainlp.tokenize.nlpo3 import segment

    return segment(text)


class _PrefixDictionary:
    """PyThaiNLP's word list in a MARISA trie, with the two methods newmm asks a dictionary for.

    About 3 MiB for its 62,000 words, against about 60 MiB for nlpo3's dictionary.
    """

    def __init__(self, words: list[str]) -> None:
        self._trie = marisa_trie.Trie(words)
        self._longest = max(map(len, words))

    def __len__(self) -> int:
        return len(self._trie)

    def __contains__(self, word: object) -> bool:
        return word in self._trie

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """Return the words that ``text`` has at position ``start``, shortest first."""
        return list(self._trie.prefixes(text[start : start + self._longest]))


_SYMBOL = r"[^\s\-A-Za-z0-9\u0e00-\u0e7f]"  # neither Thai, Latin, digit nor space: "#", "/", "“"
_LATIN_OR_DIGIT = r"[\-A-Za-z0-9]"
# PyThaiNLP's newmm keeps symbols with the letters and digits they touch ("#Tag", "/04/61",
# "Kiehl's"); nlpo3 cuts between them ("#", "Tag"). A space there makes both cut alike; a
# decimal point or thousands comma inside a number ("1.2", "278,000") stays.
_RE_SYMBOL_EDGE = re.compile(
    rf"(?<={_SYMBOL})(?<![0-9][.,])(?={_LATIN_OR_DIGIT})"
    rf"|(?<={_LATIN_OR_DIGIT})(?={_SYMBOL})(?!(?<=[0-9])[.,][0-9])"
)


@lru_cache(maxsize=1)
def thai_dictionary() -> _PrefixDictionary:
    """Return PyThaiNLP's word list (the same words as ``pythainlp.corpus.thai_words()``) in a
    trie, read once per process (about 0.1 s); ``word in thai_dictionary()`` asks whether a word
    is one. Masking asks it too: one trie instead of the trie and a 10 MiB frozenset."""
    text = files("pythainlp.corpus").joinpath(WORD_LIST).read_text(encoding="utf-8")
    return _PrefixDictionary([word for word in map(str.strip, text.splitlines()) if word])


def compact_segment(text: str) -> list[str]:
    """Return the words of ``text`` by PyThaiNLP's newmm over a MARISA trie of nlpo3's words.

    On Thai runs of 10,000 real messages (wisesight-sentiment and truevoice-intent samples,
    35,966 runs) it agreed with ``fast_segment`` on all but 9, each an out-of-dictionary
    loanword ("นีเวียร์") that nlpo3 cut mid-syllable; about 4.5 times slower (1.08 s against
    0.24 s of CPU for the 10,000 messages). Latin letters and digits are cut from the symbols
    they touch as nlpo3 cuts them ("#", "Tag"); a symbol that touches Thai stays apart from it
    where nlpo3 may join it to an unknown word ("#ชม"): on the word counts of the same
    messages, 250 of 10,000 answers (mostly hashtags) got another set of words, and the 30
    most used words of each sample stayed the same 30 (bench/word_engines.py).
    """
    text = _RE_SYMBOL_EDGE.sub(" ", text)
    return newmm_segment(text, custom_dict=thai_dictionary())  # type: ignore[arg-type]
