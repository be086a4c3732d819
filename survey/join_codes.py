"""Join codes as people type or paste them: from a poster, a chat message or a projector."""

from __future__ import annotations

import unicodedata

# Unicode categories a join code never holds but a paste often does: format characters
# (zero-width space and joiners, bidi marks and isolates, soft hyphen, BOM), dashes ("ABC-DEF",
# en and em dashes), spaces of every width, and control characters (tab, line break).
DROPPED_CATEGORIES = frozenset({"Cf", "Pd", "Zs", "Zl", "Zp", "Cc"})


def clean_code(typed: str) -> str:
    """Return a typed or pasted join code as it is stored: upper case, without spaces, dashes,
    zero-width or bidi characters; full-width letters (NFKC) and Thai or other decimal digits
    become ASCII ("๓" -> "3"). An empty result means nothing was typed."""
    kept = []
    for char in unicodedata.normalize("NFKC", typed):
        if unicodedata.category(char) in DROPPED_CATEGORIES:
            continue
        digit = unicodedata.decimal(char, None)
        kept.append(str(digit) if digit is not None else char)
    return "".join(kept).upper()
