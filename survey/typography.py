"""Thai text on participant pages: lines break between words only, and Thai is marked as Thai."""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup
from markupsafe import escape

from analysis.text.tokens import segment

_RE_THAI_RUN = re.compile(r"[\u0E01-\u0E5B]+")  # Thai letters, vowels, tone marks and digits
# Labels and titles repeat on every page view; a form has a few dozen of them.
CACHE_SIZE = 4096


@lru_cache(maxsize=CACHE_SIZE)
def thai_text(text: str, language: str) -> Markup:
    """Return `text` as HTML whose Thai words are kept whole when the line wraps.

    Text with Thai in it comes back in ``<span class="th-wrap">`` (CSS ``word-break: keep-all``,
    so the browser never splits "ปานกลาง" into "ปาน|กลาง") with a ``<wbr>`` between the words
    that ``analysis.text.tokens.segment`` (PyThaiNLP's newmm, domain words whole) finds, and with
    ``lang="th"`` on a page in another `language`, so a screen reader reads it with a Thai voice
    (WCAG 3.1.2). Text without Thai comes back escaped and unchanged.
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
    lang = "" if language == "th" else ' lang="th"'
    return Markup(f'<span class="th-wrap"{lang}>{"".join(pieces)}</span>')


def _with_word_breaks(run: str) -> str:
    """Return a run of Thai characters, escaped, with <wbr> between its words."""
    words = segment(run)
    if "".join(words) != run:  # a segmenter that changed the text: break nowhere rather than wrong
        return str(escape(run))
    return "<wbr>".join(str(escape(word)) for word in words)
