"""Masking personal data: national IDs with their checksum, phones, e-mail, links, titled names."""

from __future__ import annotations

import pytest

from analysis.text.privacy import id_checksum_ok
from analysis.text.privacy import mask_personal_data


def with_check_digit(first12: str) -> str:
    """Return a 13-digit Thai ID with the check digit computed by the real algorithm."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


VALID_ID = with_check_digit("110170012345")
INVALID_ID = VALID_ID[:12] + str((int(VALID_ID[12]) + 1) % 10)


def dashed(digits: str, sep: str = "-") -> str:
    """Return an ID in the printed 1-4-5-2-1 grouping."""
    return sep.join([digits[0], digits[1:5], digits[5:10], digits[10:12], digits[12]])


def test_checksum() -> None:
    assert id_checksum_ok(VALID_ID)
    assert not id_checksum_ok(INVALID_ID)
    assert not id_checksum_ok(VALID_ID[:12])


@pytest.mark.parametrize("written", [VALID_ID, dashed(VALID_ID), dashed(VALID_ID, " ")])
def test_valid_id_is_masked_in_any_grouping(written: str) -> None:
    assert mask_personal_data(f"เลขบัตร {written} ค่ะ") == "เลขบัตร [เลขบัตรประชาชน] ค่ะ"


def test_id_in_thai_digits_is_masked() -> None:
    thai = VALID_ID.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert mask_personal_data(f"บัตร{thai}") == "บัตร[เลขบัตรประชาชน]"


@pytest.mark.parametrize("written", [INVALID_ID, dashed(INVALID_ID)])
def test_number_failing_checksum_is_not_an_id(written: str) -> None:
    assert "[เลขบัตรประชาชน]" not in mask_personal_data(f"รหัส {written}")


@pytest.mark.parametrize(
    "phone",
    ["081-234-5678", "0812345678", "081 234 5678", "+66 81 234 5678", "+66812345678",
     "02-123-4567", "073-123-456", "073123456", "+66 2 123 4567"],
)  # fmt: skip
def test_phone_numbers_are_masked(phone: str) -> None:
    assert mask_personal_data(f"โทร {phone} นะคะ") == "โทร [เบอร์โทร] นะคะ"


@pytest.mark.parametrize("text", ["ค่าอาหาร 1500 บาท", "เวลา 09.30-16.30 น.", "ปี 2567", "ห้อง 1204"])
def test_ordinary_numbers_stay(text: str) -> None:
    assert mask_personal_data(text) == text


def test_email_and_url_are_masked() -> None:
    text = "ส่งที่ somchai.j@pattani.go.th หรือดู https://example.org/form?id=3."
    assert mask_personal_data(text) == "ส่งที่ [อีเมล] หรือดู [ลิงก์]."
    assert mask_personal_data("เว็บ www.sbpac.go.th ดีมาก") == "เว็บ [ลิงก์] ดีมาก"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ขอบคุณนายอับดุลเลาะ สาและ ที่ช่วยประสานงาน", "ขอบคุณนาย[ชื่อ] ที่ช่วยประสานงาน"),
        ("นางสาวนูรีซัน ดือราแม พูดดี", "นางสาว[ชื่อ] พูดดี"),
        ("น.ส.ฟาตีมะห์ อาลี เป็นพิธีกร", "น.ส.[ชื่อ] เป็นพิธีกร"),
        ("ดร.มะรอนิง สาและ บรรยายดี", "ดร.[ชื่อ] บรรยายดี"),
        ("ติดต่อนางแวมะ หะยีสาแม ได้เลย", "ติดต่อนาง[ชื่อ] ได้เลย"),
        ("ขอบคุณคุณสมศรีมาก", "ขอบคุณคุณ[ชื่อ]"),
        ("Thanks Mr. Abdullah Salae", "Thanks Mr. [ชื่อ]"),
        ("พบกับอ. ดร. นพ.นพพร อภิวัฒนากุล สาขาวิชา", "พบกับอ. ดร. นพ.[ชื่อ] สาขาวิชา"),
        ("ศ.คลินิก นพ.วีระศักดิ์ ศรินนภากร งานต่อมไร้ท่อ", "ศ.คลินิก นพ.[ชื่อ] งานต่อมไร้ท่อ"),
        ("พ.ต.อ.สมชาย ใจดี มาบรรยาย", "พ.ต.อ.[ชื่อ] มาบรรยาย"),
        ("บาบอมะ สาและ สอนดี", "บาบอ[ชื่อ] สอนดี"),
        # no space after the name: its end is unknown, so the whole run goes
        ("ขอบคุณนายอับดุลเลาะที่ช่วยประสานงานอย่างดียิ่ง", "ขอบคุณนาย[ชื่อ]"),
        # a long run after the name is a sentence, not a surname
        (
            "ติดต่อนางแวมะ เราจะประสานงานกับทุกหน่วยงานในพื้นที่",
            "ติดต่อนาง[ชื่อ] เราจะประสานงานกับทุกหน่วยงานในพื้นที่",
        ),
    ],
)
def test_names_after_a_title_are_masked(text: str, expected: str) -> None:
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "คุณภาพอาหารดีมาก",
        "นายอำเภอมาเปิดงาน",
        "นายกอบต.ให้การสนับสนุน",
        "เจ้านายอนุญาตให้มา",
        "ทนายความให้ความรู้ดี",
        "ขอบคุณวิทยากรมาก",
        "บุญคุณของครู",
        "นางเอกเล่นดี",
        "ข้าวผัดหอยนางรมอร่อย",
        "อ.เมือง จ.ปัตตานี ต.สันติธรรม",
    ],
)
def test_words_that_start_like_a_title_are_not_names(text: str) -> None:
    assert mask_personal_data(text) == text
