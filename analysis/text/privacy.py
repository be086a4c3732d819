"""Masking of personal data in free text: ID numbers, phones, e-mail, links and names after a title.

Masks are readable Thai placeholders: ``[เลขบัตรประชาชน]``, ``[เบอร์โทร]``, ``[อีเมล]``, ``[ลิงก์]``,
and for a name the title stays and the name goes (``นาย[ชื่อ]``, ``Mr. [ชื่อ]``). A title's name
is masked up to the next space; formal titles (not คุณ) also take the following word as the surname.
Names are not looked up in a list, so Malay-Muslim names (อับดุลเลาะ, นูรีซัน) are masked too.
"""

from __future__ import annotations

import re

MASK_ID = "[เลขบัตรประชาชน]"
MASK_PHONE = "[เบอร์โทร]"
MASK_EMAIL = "[อีเมล]"
MASK_URL = "[ลิงก์]"
MASK_NAME = "[ชื่อ]"

_THAI = "\u0e01-\u0e4e"
_RE_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_RE_URL = re.compile(r"(?:https?://|www\.)[^\s\u0e00-\u0e7f]+", re.IGNORECASE)
_RE_URL_TAIL = re.compile(r"[.,;:!?)\]'\"]+$")  # sentence punctuation after a link is not the link
# 13 digits in the 1-4-5-2-1 grouping, separators optional; \d also matches Thai digits.
_RE_NATIONAL_ID = re.compile(r"(?<!\d)\d[- ]?\d{4}[- ]?\d{5}[- ]?\d{2}[- ]?\d(?!\d)")
# Thai mobile (0[689]x, 10 digits) and landline (0[2-7], 9 digits), also written +66 without the 0.
_RE_PHONE = re.compile(
    r"(?<![\d+])(?:\+66[ -]?(?:\(0\)[ -]?)?|0)"
    r"(?:[689](?:[ .-]?\d){8}|[2-7](?:[ .-]?\d){7})(?!\d)"
)
# Formal titles take a surname; คุณ usually precedes a first name or a nickname only.
FORMAL_TITLES: tuple[str, ...] = (
    "นางสาว",
    "น.ส.",
    "นาย",
    "นาง",
    "ด.ช.",
    "ด.ญ.",
    "เด็กชาย",
    "เด็กหญิง",
    "ผศ.ดร.",
    "รศ.ดร.",
    "ศ.ดร.",
    "ดร.",
    "ผศ.",
    "รศ.",
    "ศ.",
    # doctors, dentists, pharmacists
    "นพ.",
    "พญ.",
    "ทพ.",
    "ทพญ.",
    "ภก.",
    "ภญ.",
    # police and army ranks common at deep-south workshops
    "พ.ต.อ.",
    "พ.ต.ท.",
    "พ.ต.ต.",
    "ร.ต.อ.",
    "ร.ต.ท.",
    "ร.ต.ต.",
    "ด.ต.",
    "จ.ส.ต.",
    "ส.ต.อ.",
    "พ.อ.",
    "พ.ท.",
    "ร.อ.",
    "จ.ส.อ.",
    # Muslim religious teachers and leaders
    "บาบอ",
    "อิหม่าม",
    "อุสตาซ",
    "อุสตาซะห์",
)
# Not titles here: อ. จ. ต. are อำเภอ, จังหวัด, ตำบล in addresses ("อ.เมือง", "ต.สันติธรรม").
INFORMAL_TITLES: tuple[str, ...] = ("คุณ",)
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
# any letter except in the few words that end in one (เจ้านาย "boss", ทนาย "lawyer"). คุณ sits
# inside too many words (ขอบคุณ, บุญคุณ) and must start a word, or follow ขอบคุณ.
_FORMAL_BEFORE = "(?<!เจ้า)(?<!ท)"
_INFORMAL_BEFORE = rf"(?:(?<![{_THAI}])|(?<=ขอบคุณ))"


DEFAULT_MAX_NAME_CHARS = 20  # longer runs of Thai letters are a name and the sentence after it


def _title_pattern(titles: tuple[str, ...], before: str, with_surname: bool) -> re.Pattern[str]:
    """Return a regex for one or more titles followed by a name, and a surname if asked.

    A name that ends within DEFAULT_MAX_NAME_CHARS may take the next word as its surname. A
    longer run ("นายอับดุลเลาะที่ช่วยประสานงาน") is masked whole: without a name list the end
    of the name cannot be found, and masking too much is the safe mistake.
    """
    alternatives = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    first = "[\u0e01-\u0e2e\u0e40-\u0e44]"  # a consonant or a leading vowel (แวมะ)
    bounded = rf"{{0,{DEFAULT_MAX_NAME_CHARS - 1}}}(?![{_THAI}])"
    # a word ending in "." is the next person's title (ศ.คลินิก นพ.วีระศักดิ์), not a surname
    surname = rf"(?:[ ]+[{_THAI}]{{2,{DEFAULT_MAX_NAME_CHARS}}}(?![{_THAI}.]))?"
    name = rf"{first}[{_THAI}]{bounded}{surname if with_surname else ''}|{first}[{_THAI}]+"
    return re.compile(
        rf"{before}(?P<title>(?:{alternatives})(?:[ ]?(?:{alternatives}))*)[ ]?(?P<name>{name})"
    )


_RE_FORMAL_NAME = _title_pattern(FORMAL_TITLES, _FORMAL_BEFORE, with_surname=True)
_RE_INFORMAL_NAME = _title_pattern(INFORMAL_TITLES, _INFORMAL_BEFORE, with_surname=False)
_RE_ENGLISH_NAME = re.compile(
    r"\b(?P<title>(?:Mr|Mrs|Ms|Miss|Dr)\.?) (?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
)


# Cheap first looks: most answers have no digit and no title, and skip the costly patterns.
_RE_DIGIT = re.compile(r"\d")
_RE_ANY_TITLE = re.compile(
    "|".join(re.escape(t) for t in (*FORMAL_TITLES, *INFORMAL_TITLES)) + r"|Mr|Mrs|Ms|Miss|Dr"
)


def id_checksum_ok(digits: str) -> bool:
    """Return whether 13 digits pass the Thai national ID checksum."""
    if len(digits) != 13 or not digits.isdigit():
        return False
    values = [int(d) for d in digits]
    total = sum(v * (13 - i) for i, v in enumerate(values[:12]))
    return (11 - total % 11) % 10 == values[12]


def _mask_id(match: re.Match[str]) -> str:
    """Return the ID mask when the digits pass the checksum, else the text unchanged."""
    digits = re.sub(r"\D", "", match.group(0))
    return MASK_ID if id_checksum_ok(digits) else match.group(0)


def _mask_url(match: re.Match[str]) -> str:
    """Return the link mask, keeping punctuation that ends the sentence."""
    tail = _RE_URL_TAIL.search(match.group(0))
    return MASK_URL + (tail.group(0) if tail else "")


def _mask_name(match: re.Match[str]) -> str:
    """Return the title with the name masked, or the text unchanged when no name follows."""
    if _RE_NOT_NAME.match(match.group("name")):
        return match.group(0)
    return match.group("title") + MASK_NAME


def _mask_english_name(match: re.Match[str]) -> str:
    """Return an English title with the name masked."""
    return f"{match.group('title')} {MASK_NAME}"


def mask_ids(text: str) -> str:
    """Return ``text`` with checksum-valid Thai national ID numbers masked."""
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
    """Return ``text`` with personal names after a Thai or English title masked."""
    if not _RE_ANY_TITLE.search(text):
        return text
    text = _RE_FORMAL_NAME.sub(_mask_name, text)
    text = _RE_INFORMAL_NAME.sub(_mask_name, text)
    return _RE_ENGLISH_NAME.sub(_mask_english_name, text)


# E-mail before links (an address is not a link) and IDs before phones (an ID contains a phone).
MASKING_STEPS = (
    ("email", mask_emails),
    ("url", mask_urls),
    ("national_id", mask_ids),
    ("phone", mask_phones),
    ("name", mask_names),
)


def mask_personal_data_with_changes(text: str) -> tuple[str, list[str]]:
    """Return ``text`` masked and the names of the masks applied ("mask:phone", ...)."""
    changes = []
    for name, step in MASKING_STEPS:
        masked = step(text)
        if masked != text:
            changes.append(f"mask:{name}")
            text = masked
    return text, changes


def mask_personal_data(text: str) -> str:
    """Return ``text`` with ID numbers, phones, e-mail, links and titled names masked."""
    return mask_personal_data_with_changes(text)[0]
