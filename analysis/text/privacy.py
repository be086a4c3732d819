"""Masking of personal data in free text: ID numbers, phones, e-mail, links and names after a title.

Masks are readable Thai placeholders: ``[เลขบัตรประชาชน]``, ``[เบอร์โทร]``, ``[อีเมล]``, ``[ลิงก์]``,
and for a name the title stays and the name goes (``นาย[ชื่อ]``, ``Mr. [ชื่อ]``). A title's name
is masked up to the next space; formal titles (not คุณ) also take the following word as the surname.
Names after formal titles are not looked up in a list, so Malay-Muslim names (อับดุลเลาะ, นูรีซัน)
are masked too; after a post or a rank spelled out (ปลัด, กำนัน, อ., ร้อยเอก), which are ordinary
words as well, a name is masked when it is in PyThaiNLP's lists of Thai first names.

``mask_personal_data`` masks the normalised text (``analysis.text.normalize``): Thai digits, odd
dashes, invisible characters and spacing read the same on every path that masks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pythainlp.corpus import thai_family_names
from pythainlp.corpus import thai_female_names
from pythainlp.corpus import thai_male_names
from pythainlp.corpus import thai_stopwords

from analysis.text.normalize import normalize_text
from analysis.text.segmenters import compact_segment
from analysis.text.segmenters import thai_dictionary
from analysis.text.titles import FORMAL_TITLES
from analysis.text.titles import INFORMAL_TITLES
from analysis.text.titles import LATIN_TITLES
from analysis.text.titles import POST_TITLES
from analysis.text.titles import WORD_START_TITLES

__all__ = ["FORMAL_TITLES", "INFORMAL_TITLES", "POST_TITLES", "mask_personal_data"]

MASK_ID = "[เลขบัตรประชาชน]"
MASK_PHONE = "[เบอร์โทร]"
MASK_EMAIL = "[อีเมล]"
MASK_URL = "[ลิงก์]"
MASK_NAME = "[ชื่อ]"

_THAI = "\u0e01-\u0e4e"
_FIRST = "\u0e01-\u0e2e\u0e40-\u0e44"  # a name starts with a consonant or a leading vowel (แวมะ)
_RE_FOLLOWING = re.compile("[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")  # never starts a syllable
_RE_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_RE_URL = re.compile(r"(?:https?://|www\.)[^\s\u0e00-\u0e7f]+", re.IGNORECASE)
_RE_URL_TAIL = re.compile(r"[.,;:!?)\]'\"]+$")  # sentence punctuation after a link is not the link
# One optional separator between digits: space, full stop, hyphen, the Unicode dashes (hyphen,
# non-breaking hyphen, figure dash, en and em dash, horizontal bar) and the minus sign.
_SEP = "[ .\\-\u2010-\u2015\u2212]?"
# 13 digits in the 1-4-5-2-1 grouping, separators optional; \d also matches Thai digits.
_RE_NATIONAL_ID = re.compile(rf"(?<!\d)\d{_SEP}\d{{4}}{_SEP}\d{{5}}{_SEP}\d{{2}}{_SEP}\d(?!\d)")


def _digits(count: int) -> str:
    """Return a regex for ``count`` digits, each after an optional separator."""
    return rf"(?:{_SEP}\d){{{count}}}"


# Thai numbers after the leading 0: mobiles 06/08/09 and 8 more digits, landlines 02-07 and 7
# more (numbering plan of the NBTC). Written with a separator anywhere ("0-2685-3220",
# "0 2 356-1111"), the area code in brackets ("(02) 685 3220", "(073) 331 234"), +66 or 0066
# for the 0 (or before "(0)"; "66812345678" without either), a second line ("/8") and an
# extension ("ต่อ 5", "ext. 12").
_NATIONAL = rf"(?:[689]{_digits(8)}|[2-7]{_digits(7)})"
_BRACKETED = (
    rf"\(0(?:2\){_SEP}\d{_digits(6)}|[3-7]\d\){_SEP}\d{_digits(5)}|[689]\d\){_SEP}\d{_digits(6)})"
)
_INTERNATIONAL = rf"\(?(?:(?:\+|00){_SEP})?66\)?{_SEP}(?:\(0\){_SEP}|0{_SEP})?{_NATIONAL}"
_SECOND_LINE = r"(?:[ ]?/[ ]?\d{1,4}(?!\d))?"
_EXTENSION = r"(?:[ ]?(?:ต่อ|[Ee][Xx][Tt]\.?|[Xx]|#)[ .:]{0,2}\d{1,5}(?!\d))?"
_RE_PHONE = re.compile(
    rf"(?<![\d+])(?:{_INTERNATIONAL}|0{_SEP}{_NATIONAL}|{_BRACKETED})(?!\d)"
    rf"{_SECOND_LINE}{_EXTENSION}"
)
# Words that begin like a title but are not followed by a name: "นายอำเภอ" is a post, "คุณภาพ"
# means quality. Checked at the start of the text right after the title.
NOT_NAMES: tuple[str, ...] = (
    "อำเภอ",
    "กเทศมนตรี",
    "กอบต",
    "กอบจ",
    "กรัฐมนตรี",
    "กสมาคม",
    "กฯ",
    "จ้าง",
    "หน้า",
    "ทหาร",
    "ตำรวจ",
    "ช่าง",
    "ร้อย",
    "พล",
    "สิบ",
    "ทุน",
    "ด่าน",
    "พยาบาล",
    "งาม",
    "แบบ",
    "ฟ้า",
    "ภาพ",
    "ค่า",
    "สมบัติ",
    "ธรรม",
    "ประโยชน์",
    "วุฒิ",
    "ลักษณะ",
    "ูปการ",
    "เอก",
    "ร้าย",
    "คลินิก",
    "รม",  # หอยนางรม, oysters
)
_RE_NOT_NAME = re.compile(
    "(?:" + "|".join(re.escape(w) for w in NOT_NAMES) + r"|ก(?![" + _THAI + "]))"
)


# Thai has no spaces between words, so "ติดต่อนายอับดุลเลาะ" must match: formal titles may follow
# any letter except in the few words that end in one (เจ้านาย "boss", ทนาย "lawyer"). A title
# that is one letter and a full stop ("พ.อ.") is not one inside a longer abbreviation ("ก.พ.อ.").
# คุณ sits inside too many words (ขอบคุณ, บุญคุณ) and must start a word, or follow ขอบคุณ.
_FORMAL_BEFORE = "(?<!เจ้า)(?<!ท)"
_DOTTED_BEFORE = r"(?<![\u0e01-\u0e2e]\.)"
_INFORMAL_BEFORE = rf"(?:(?<![{_THAI}])|(?<=ขอบคุณ))"
_RE_DOTTED = re.compile(r"^[\u0e01-\u0e2e]\.")


DEFAULT_MAX_NAME_CHARS = 20  # longer runs of Thai letters are a name and the sentence after it
MIN_NAME_CHARS = 3  # shorter names in the lists (ชม, คง) are everyday words too


def _alternatives(titles: tuple[str, ...] | list[str]) -> str:
    """Return a regex matching any of ``titles``, longest first."""
    return "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))


def _title_start(titles: tuple[str, ...], before: str) -> str:
    """Return a regex for one title of ``titles``, each kind with the look-behind it needs."""
    dotted = [t for t in titles if _RE_DOTTED.match(t)]
    plain = [t for t in titles if not _RE_DOTTED.match(t)]
    parts = [f"{before}(?:{_alternatives(plain)})"] if plain else []
    if dotted:
        parts.insert(0, f"{_DOTTED_BEFORE}(?:{_alternatives(dotted)})")
    return "(?:" + "|".join(parts) + ")"


def _title_pattern(titles: tuple[str, ...], before: str, with_surname: bool) -> re.Pattern[str]:
    """Return a regex for one or more titles followed by a name, and a surname if asked.

    A name that ends within DEFAULT_MAX_NAME_CHARS may take the next word as its surname. A
    longer run ("นายอับดุลเลาะที่ช่วยประสานงาน") is masked whole: without a name list the end
    of the name cannot be found, and masking too much is the safe mistake.
    """
    first = _title_start(titles, before)
    more = f"(?:[ ]?(?:{_alternatives(titles)}))*(?:หญิง)?"  # "ผศ.ดร.", "ร.ต.อ.หญิง"
    bounded = rf"{{0,{DEFAULT_MAX_NAME_CHARS - 1}}}(?![{_THAI}])"
    # a word ending in "." is the next person's title (ศ.คลินิก นพ.วีระศักดิ์), not a surname
    surname = rf"(?:[ ]+[{_THAI}]{{2,{DEFAULT_MAX_NAME_CHARS}}}(?![{_THAI}.]))?"
    name = rf"[{_FIRST}][{_THAI}]{bounded}{surname if with_surname else ''}|[{_FIRST}][{_THAI}]+"
    # a letter and a full stop is the rest of a title ("ร.ต." + "อ."), never a name
    return re.compile(rf"(?P<title>{first}{more})[ ]?(?![{_THAI}]\.)(?P<name>{name})")


_RE_FORMAL_NAME = _title_pattern(FORMAL_TITLES, _FORMAL_BEFORE, with_surname=True)
_RE_INFORMAL_NAME = _title_pattern(INFORMAL_TITLES, _INFORMAL_BEFORE, with_surname=False)
# A post or a rank, then what may be a name. "อ." and "สว." only start a word: they end other
# abbreviations (กอ.รมน., ศอ.บต.).
_RE_POST = re.compile(
    rf"(?:(?:(?<![{_THAI}.])|(?<=ขอบคุณ))"
    rf"(?:{_alternatives([t for t in POST_TITLES if t in WORD_START_TITLES])})"
    rf"|{_DOTTED_BEFORE}(?:{_alternatives([t for t in POST_TITLES if t not in WORD_START_TITLES])}))"
    rf"[ ]?(?=[{_FIRST}])"
)
_RE_THAI_RUN = re.compile(rf"[{_THAI}]+")
_RE_NEXT_WORD = re.compile(rf"[ ]+([{_THAI}]{{2,{DEFAULT_MAX_NAME_CHARS}}})(?![{_THAI}.])")
_RE_LATIN_NAME = re.compile(
    rf"\b(?P<title>(?:{_alternatives(LATIN_TITLES)})\.?) (?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
)


# Cheap first looks: most answers have no digit and no title, and skip the costly patterns.
_RE_DIGIT = re.compile(r"\d")
_RE_ANY_TITLE = re.compile(
    _alternatives([*FORMAL_TITLES, *INFORMAL_TITLES, *POST_TITLES, *LATIN_TITLES])
)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Return PyThaiNLP's Thai first names (male and female) of MIN_NAME_CHARS or more letters."""
    names = thai_male_names() | thai_female_names()
    return frozenset(n for n in names if len(n) >= MIN_NAME_CHARS)


def name_length(run: str) -> int:
    """Return how many letters at the start of ``run`` are a known first name; 0 when none.

    A name that is also an everyday word (ชอบ, วิชัย) counts only when nothing follows it in
    the run: "ปลัดวิชัย" is a person, "ปลัดชอบพูด" is not.
    """
    names, words = first_names(), thai_dictionary()
    for length in range(min(len(run), DEFAULT_MAX_NAME_CHARS), MIN_NAME_CHARS - 1, -1):
        candidate = run[:length]
        if candidate not in names or _RE_FOLLOWING.match(run, length):
            continue
        if length == len(run) or candidate not in words:
            return length
    return 0


def _is_surname(word: str) -> bool:
    """Return whether the word after a first name is a surname rather than the sentence going on.

    A surname in PyThaiNLP's list is one; a word that does not begin with a dictionary word
    (ดือราแม) is taken for one; "บรรยายดี" begins with one and is not.
    """
    if word in thai_family_names():
        return True
    if _RE_ANY_TITLE.match(word):
        return False
    return _dictionary_start(word) < 2


def _dictionary_start(word: str) -> int:
    """Return the length of the longest dictionary word ``word`` begins with (0: none)."""
    return max(map(len, thai_dictionary().prefixes(word)), default=0)


# Tone marks and vowels written above or below: a syllable's "letters" are counted without them.
_RE_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
SYLLABLE_LETTERS = 3  # a name PyThaiNLP's lists lack reads as syllables of at most 3 letters


def _letters(piece: str) -> int:
    return len(_RE_MARKS.sub("", piece))


def looks_like_a_name(run: str) -> bool:
    """Return whether a run of Thai letters after a post or rank reads as a name missing from
    PyThaiNLP's lists (มะหะมะ, นูรีซา, ซูไฮมี, ฟาตีมะห์: the Malay-Muslim names of the southern
    border provinces) rather than the sentence going on (ควรช่วย, ไม่มา, ลงพื้นที่).

    Such a name is no dictionary word and falls apart into short syllables: newmm cuts it into
    two or more pieces of at most SYLLABLE_LETTERS letters, none a dictionary word of three
    letters or more, the first no stop word and at most one stop word among them. Measured on
    17 such names and 56 everyday words written straight after a post: 12 names caught, 3
    words masked with them (ชมว่า, ตอบดี, สั่งให้): masking too much is the safe mistake.
    """
    if len(run) > DEFAULT_MAX_NAME_CHARS or run in thai_dictionary():
        return False
    pieces = compact_segment(run)
    stop = thai_stopwords()
    if len(pieces) < 2 or pieces[0] in stop or sum(p in stop for p in pieces) > 1:
        return False
    words = thai_dictionary()
    return all(
        _letters(p) <= SYLLABLE_LETTERS and not (_letters(p) >= SYLLABLE_LETTERS and p in words)
        for p in pieces
    )


def _is_unlisted_surname(word: str) -> bool:
    """After a name missing from the lists: the next word is its surname (สาและ, ยูโซะ) unless
    it starts with a dictionary word of three or more characters or a stop word (ไม่มา,
    พูดเร็ว, มาช่วย), or is one."""
    if word in thai_dictionary() or _RE_ANY_TITLE.match(word) or _dictionary_start(word) >= 3:
        return False
    pieces = compact_segment(word)
    return not (pieces and pieces[0] in thai_stopwords())


def _mask_post_names(text: str) -> str:
    """Return ``text`` with first names (and their surnames) after a post or rank masked: names
    in PyThaiNLP's lists, and names that read as one (looks_like_a_name)."""
    pieces: list[str] = []
    done = 0
    for match in _RE_POST.finditer(text):
        if match.start() < done:
            continue
        run = _RE_THAI_RUN.match(text, match.end())
        letters = run.group(0) if run else ""
        length = name_length(letters) if letters else 0
        # a listed name that is only the start of the run (ฟาตี of ฟาตีมะห์) is not all of it
        unlisted = bool(letters) and length < len(letters) and looks_like_a_name(letters)
        if unlisted:
            length = len(letters)
        if not length or _RE_NOT_NAME.match(letters):
            continue
        end = match.end() + length
        surname = _RE_NEXT_WORD.match(text, end) if length == len(letters) else None
        if surname and (
            _is_surname(surname.group(1)) or (unlisted and _is_unlisted_surname(surname.group(1)))
        ):
            end = surname.end()
        pieces += [text[done : match.end()], MASK_NAME]
        done = end
    return "".join(pieces) + text[done:] if pieces else text


def id_checksum_ok(digits: str) -> bool:
    """Return whether 13 digits pass the Thai national ID checksum."""
    if len(digits) != 13 or not digits.isdigit():
        return False
    values = [int(d) for d in digits]
    total = sum(v * (13 - i) for i, v in enumerate(values[:12]))
    return (11 - total % 11) % 10 == values[12]


def _mask_id(match: re.Match[str]) -> str:
    """Return the ID mask when the digits pass the checksum or are written in the ID card's
    1-4-5-2-1 layout (a mistyped ID is still someone's), else the text unchanged."""
    digits = re.sub(r"\D", "", match.group(0))
    laid_out = len(match.group(0)) - len(digits) == 4
    return MASK_ID if laid_out or id_checksum_ok(digits) else match.group(0)


def _mask_url(match: re.Match[str]) -> str:
    """Return the link mask, keeping punctuation that ends the sentence."""
    tail = _RE_URL_TAIL.search(match.group(0))
    return MASK_URL + (tail.group(0) if tail else "")


def _mask_name(match: re.Match[str]) -> str:
    """Return the title with the name masked, or the text unchanged when no name follows.

    What follows a shorter title may be the rest of a longer one already masked: "นาง" +
    "สาว[ชื่อ]", "ศ." + "ดร.[ชื่อ]". A "name" right before a mask, or of a few letters and a
    full stop, is such a rest, so masking masked text changes nothing.
    """
    name = match.group("name")
    after = match.string[match.end("name") : match.end("name") + 1]
    if _RE_NOT_NAME.match(name) or after == "[" or (after == "." and len(name) <= 3):
        return match.group(0)
    return match.group("title") + MASK_NAME


_LATIN_TITLE_WORDS = frozenset(word.rstrip(".") for t in LATIN_TITLES for word in t.split())


def _mask_latin_name(match: re.Match[str]) -> str:
    """Return an English or Malay title with the name masked; a "name" that is the next title
    of a chain ("Lt. Col") is left for that title."""
    if match.group("name").split()[0] in _LATIN_TITLE_WORDS:
        return match.group(0)
    return f"{match.group('title')} {MASK_NAME}"


def mask_ids(text: str) -> str:
    """Return ``text`` with Thai national ID numbers masked: 13 digits that pass the checksum,
    or any 13 digits written in the card's 1-4-5-2-1 layout."""
    if not _RE_DIGIT.search(text):
        return text
    return _RE_NATIONAL_ID.sub(_mask_id, text)


def mask_phones(text: str) -> str:
    """Return ``text`` with Thai mobile and landline numbers masked."""
    if not _RE_DIGIT.search(text):
        return text
    return _RE_PHONE.sub(MASK_PHONE, text)


def mask_emails(text: str) -> str:
    """Return ``text`` with e-mail addresses masked."""
    if "@" not in text:
        return text
    return _RE_EMAIL.sub(MASK_EMAIL, text)


def mask_urls(text: str) -> str:
    """Return ``text`` with web links masked."""
    if "://" not in text and "www." not in text.lower():
        return text
    return _RE_URL.sub(_mask_url, text)


def mask_names(text: str) -> str:
    """Return ``text`` with personal names after a Thai, English or Malay title masked."""
    if not _RE_ANY_TITLE.search(text):
        return text
    text = _RE_FORMAL_NAME.sub(_mask_name, text)
    text = _mask_post_names(text)  # before คุณ, so "คุณครูสมศรี" is คุณครู and a name
    text = _RE_INFORMAL_NAME.sub(_mask_name, text)
    return _RE_LATIN_NAME.sub(_mask_latin_name, text)


# E-mail before links (an address is not a link) and IDs before phones (an ID contains a phone).
MASKING_STEPS = (
    ("email", mask_emails),
    ("url", mask_urls),
    ("national_id", mask_ids),
    ("phone", mask_phones),
    ("name", mask_names),
)


def mask_normalized_with_changes(text: str) -> tuple[str, list[str]]:
    """Return already normalised ``text`` masked and the names of the masks applied
    ("mask:phone", ...)."""
    changes = []
    for name, step in MASKING_STEPS:
        masked = step(text)
        if masked != text:
            changes.append(f"mask:{name}")
            text = masked
    return text, changes


def mask_personal_data_with_changes(text: str) -> tuple[str, list[str]]:
    """Return ``text`` normalised and masked, and the names of the masks applied."""
    return mask_normalized_with_changes(normalize_text(text))


def mask_personal_data(text: str) -> str:
    """Return ``text`` normalised (``analysis.text.normalize``) with ID numbers, phones, e-mail,
    links and names after a title masked: what every masked output shows."""
    return mask_normalized_with_changes(normalize_text(text))[0]
