"""Thai text on participant pages: lines break between words only, and Thai is marked as Thai."""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup
from markupsafe import escape

from analysis.text.segmenters import compact_segment
from analysis.text.tokens import segment

_RE_THAI_RUN = re.compile(r"[\u0E01-\u0E5B]+")  # Thai letters, vowels, tone marks and digits
# Labels and titles repeat on every page view; a form has a few dozen of them.
CACHE_SIZE = 4096
# A longer "word" is likely a run newmm could not split (a name): it may break anywhere rather
# than push the page sideways on a narrow phone.
MAX_WHOLE_WORD = 16


@lru_cache(maxsize=CACHE_SIZE)
def thai_text(text: str, language: str) -> Markup:
    """Return `text` as HTML whose Thai words are kept whole when the line wraps.

    Each Thai word that ``analysis.text.tokens.segment`` finds (PyThaiNLP's newmm with the
    compact dictionary, so that a process showing pages never loads nlpo3's 60 MiB; domain
    words and place names whole) comes in ``<span class="w">`` (CSS ``white-space: nowrap``) with ``<wbr>`` between
    words: Chromium's own dictionary splits "ปานกลาง" into "ปาน|กลาง", and ``word-break:
    keep-all`` does not stop it for Thai. On a page in another `language` the text comes in
    ``<span lang="th">``, so a screen reader reads it with a Thai voice (WCAG 3.1.2). Text
    without Thai comes back escaped and unchanged.
    """
    if not _RE_THAI_RUN.search(text):
        return escape(text)
    pieces: list[str] = []
    last = 0
    for found in _RE_THAI_RUN.finditer(text):
        pieces.append(str(escape(text[last : found.start()])))
        pieces.append(_with_word_breaks(found.group()))
        last = found.end()
    pieces.append(str(escape(text[last:])))
    html = "".join(pieces)
    return Markup(html if language == "th" else f'<span lang="th">{html}</span>')


def _with_word_breaks(run: str) -> str:
    """Return a run of Thai characters as HTML, each word unbreakable, <wbr> between words."""
    words = segment(run, engine=compact_segment)
    if "".join(words) != run:  # a segmenter that changed the text: leave the run as it is
        return str(escape(run))
    return "<wbr>".join(
        f'<span class="w">{escape(word)}</span>'
        if 1 < len(word) <= MAX_WHOLE_WORD
        else escape(word)
        for word in words
    )


def warm_up() -> None:
    """Load the compact word dictionary and the place names now (about a second), so that the
    first participant a server process meets does not wait for them."""
    thai_text("ปานกลาง", "th")
