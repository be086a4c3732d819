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


def test_thirteen_digits_failing_checksum_are_not_an_id() -> None:
    assert "[เลขบัตรประชาชน]" not in mask_personal_data(f"รหัส {INVALID_ID}")


@pytest.mark.parametrize("written", [dashed(INVALID_ID), dashed(INVALID_ID, " ")])
def test_a_mistyped_id_in_the_card_layout_is_still_masked(written: str) -> None:
    """A wrong check digit is a typing slip: the number is still someone's ID."""
    assert mask_personal_data(f"บัตร {written} ค่ะ") == "บัตร [เลขบัตรประชาชน] ค่ะ"


@pytest.mark.parametrize(
    ("written", "masked"),
    [
        ("โทร 66812345678 ครับ", "โทร [เบอร์โทร] ครับ"),
        ("โทร ０８１-２３４-５６７８ ค่ะ", "โทร [เบอร์โทร] ค่ะ"),
        ("ปี 2566 มา 66 คน ราคา 6,600 บาท", "ปี 2566 มา 66 คน ราคา 6,600 บาท"),
    ],
)
def test_a_country_code_without_plus_and_fullwidth_digits_are_masked(
    written: str, masked: str
) -> None:
    assert mask_personal_data(written) == masked


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


@pytest.mark.parametrize(
    "phone",
    [
        "0-2685-3220",  # Bangkok with a separator after the leading 0
        "0 2 356-1111",
        "(02) 685 3220",
        "(073) 331 234",
        "(081) 234 5678",
        "0-7333-1234 ต่อ 5",
        "02-123-4567 ext. 12",
        "02-123-4567/8",
        "081–234–5678",  # en dashes
        "081—234—5678",  # em dashes
        "0066 61 816 6864",
        "+66 (0) 95 111 2233",
        "+66 0 2685 3220",
        "๐-๒๖๘๕-๓๒๒๐",  # Thai digits
        "๐๘๑ ๒๓๔ ๕๖๗๘",
        "081\u200b234\u200b5678",  # zero-width spaces inside
        "0 8 1 2 3 4 5 6 7 8",
    ],
)
def test_every_way_thai_phones_are_written_is_masked(phone: str) -> None:
    assert mask_personal_data(f"ติดต่อ {phone} ได้ค่ะ") == "ติดต่อ [เบอร์โทร] ได้ค่ะ"


@pytest.mark.parametrize(
    "text",
    [
        "เวลา 08.30-12.00 น. และ 13.00-16.30 น.",
        "วันที่ 02-03-2562",
        "งบ 1,500,000 บาท",
        "ห้อง 0201 ชั้น 2",
        "ปี 2566-2567 จำนวน 120 คน",
    ],
)
def test_times_dates_and_amounts_are_not_phones(text: str) -> None:
    assert mask_personal_data(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ปลัดสมชาย ใจดี พูดดี", "ปลัด[ชื่อ] พูดดี"),
        ("กำนันมะรอนิง ดือราแม ช่วยมาก", "กำนัน[ชื่อ] ช่วยมาก"),
        ("ขอบคุณผู้ใหญ่บ้านอับดุลเลาะ", "ขอบคุณผู้ใหญ่บ้าน[ชื่อ]"),
        ("ผอ.วิชัย บรรยายดี", "ผอ.[ชื่อ] บรรยายดี"),
        ("นายอำเภอสมศักดิ์ มาเปิดงาน", "นายอำเภอ[ชื่อ] มาเปิดงาน"),
        ("ผู้ว่าฯ สมชาย มาเปิดงาน", "ผู้ว่าฯ [ชื่อ] มาเปิดงาน"),
        ("นายก อบต.สมชาย ใจดี", "นายก อบต.[ชื่อ]"),
        ("อ.สมศรี สอนดี", "อ.[ชื่อ] สอนดี"),
        ("ผศ.ดร.นูรีซัน สาและ", "ผศ.ดร.[ชื่อ]"),
        ("คุณครูสมศรี ใจดี", "คุณครู[ชื่อ]"),
        ("ร.ต.อ.สมชาย ใจดี", "ร.ต.อ.[ชื่อ]"),
        ("พ.ต.ท.หญิง สมศรี มีสุข มา", "พ.ต.ท.หญิง[ชื่อ] มา"),
        ("พล.ต.อ.สมชาย ใจดี", "พล.ต.อ.[ชื่อ]"),
        ("จ.ส.อ.อับดุลเลาะ สาและ", "จ.ส.อ.[ชื่อ]"),
        ("ส.อ.มะรอนิง ดือราแม", "ส.อ.[ชื่อ]"),
        ("ร.อ.สมชาย ใจดี", "ร.อ.[ชื่อ]"),
        ("พ.อ.สมชาย ใจดี", "พ.อ.[ชื่อ]"),
        ("น.อ.สมชาย ใจดี", "น.อ.[ชื่อ]"),
        ("ว่าที่ร้อยตรีสมศักดิ์ รักชาติ", "ว่าที่ร้อยตรี[ชื่อ]"),
        ("พันตำรวจโทสมชาย ใจดี", "พันตำรวจโท[ชื่อ]"),
        ("อิหม่ามอับดุลเลาะ สาและ", "อิหม่าม[ชื่อ]"),
        ("Haji Abdullah Salae helped", "Haji [ชื่อ] helped"),
        ("Pol. Col. Somchai Jaidee", "Pol. Col. [ชื่อ]"),
    ],
)
def test_names_after_posts_degrees_and_ranks_are_masked(text: str, expected: str) -> None:
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ปลัดพูดเร็วไป",
        "ผอ.โรงเรียนมาร่วมงาน",
        "กำนันช่วยประสานงานดี",
        "ผู้ใหญ่บ้านไม่ค่อยมา",
        "อ.เมือง จ.ปัตตานี",
        "อ.หนองจิก",
        "กอ.รมน.ภาค 4",
        "ศอ.บต.จัดงานดี",
        "เรือเอกชนจับปลาในเขต",
        "ครูสอนดีมาก",
        "หมอนไม่สะอาด",
        "ผู้ว่าฯ ปัตตานีมาเปิดงาน",
    ],
)
def test_posts_followed_by_no_name_stay(text: str) -> None:
    assert mask_personal_data(text) == text


def test_masking_masked_text_changes_nothing() -> None:
    """The report masks points that were masked when cleaned: twice must equal once."""
    from analysis.text.titles import FORMAL_TITLES
    from analysis.text.titles import LATIN_TITLES
    from analysis.text.titles import POST_TITLES

    for title in (*FORMAL_TITLES, *POST_TITLES, "คุณ"):
        for text in (f"{title}สมชาย ใจดี มา", f"ขอบคุณ{title} อับดุลเลาะ ดือราแม", f"{title}มะรอนิง"):
            once = mask_personal_data(text)
            assert mask_personal_data(once) == once, text
            assert all(name not in once for name in ("สมชาย", "อับดุลเลาะ", "มะรอนิง")), once
    for title in LATIN_TITLES:
        once = mask_personal_data(f"Thanks {title} Abdullah Salae.")
        assert "Abdullah" not in once
        assert mask_personal_data(once) == once


def test_fullwidth_forms_are_stored_as_ascii_at_intake() -> None:
    """Thai fonts have no fullwidth glyphs: the Word report printed them as empty boxes."""
    from analysis.text.intake import intake_text

    assert intake_text("โทร ０８１－２３４　ｅｍａｉｌ＠ｘ") == "โทร 081-234 email@x"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ผอ.สมชาย พูดดี", "ผอ.[ชื่อ] พูดดี"),
        ("กำนันสมศักดิ์ ช่วยมาก", "กำนัน[ชื่อ] ช่วยมาก"),
        ("ผู้ใหญ่บ้านประเสริฐ ดี", "ผู้ใหญ่บ้าน[ชื่อ] ดี"),
        ("นายอำเภอสุรชัย มาเปิดงาน", "นายอำเภอ[ชื่อ] มาเปิดงาน"),
        ("ผวจ.สมศักดิ์ เปิดงาน", "ผวจ.[ชื่อ] เปิดงาน"),
        ("นอภ.วิชัย ดี", "นอภ.[ชื่อ] ดี"),
        ("ส.ส.สมชาย มาร่วม", "ส.ส.[ชื่อ] มาร่วม"),
        ("ส.อบต.สมศรี ช่วย", "ส.อบต.[ชื่อ] ช่วย"),
        ("ผบ.สมพงษ์ ดี", "ผบ.[ชื่อ] ดี"),
        ("ร้อยเอกมานพ สอนดี", "ร้อยเอก[ชื่อ] สอนดี"),
        ("ว่าที่ร้อยตรีสมชาย", "ว่าที่ร้อยตรี[ชื่อ]"),
        ("สารวัตรสมชาย", "สารวัตร[ชื่อ]"),
        ("ศ.นพ.วีระศักดิ์", "ศ.นพ.[ชื่อ]"),
        ("ศอ.บต. จัดงานดี", "ศอ.บต. จัดงานดี"),
    ],
)
def test_names_after_the_titles_officials_use_are_masked(text: str, expected: str) -> None:
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Malay-Muslim names of the southern border provinces, missing from PyThaiNLP's lists
        ("ผอ.มะหะมะ สาและ ดีมาก", "ผอ.[ชื่อ] ดีมาก"),
        ("ผู้ใหญ่บ้าน มะหะมะ สาและ", "ผู้ใหญ่บ้าน [ชื่อ]"),
        ("ปลัดนูรีซา สาและ พูดเร็ว", "ปลัด[ชื่อ] พูดเร็ว"),
        ("กำนันมะหะมะ สาและ", "กำนัน[ชื่อ]"),
        ("ผอ.ซูไฮมี ยูโซะ", "ผอ.[ชื่อ]"),
        ("ผอ.ฟาตีมะห์ ช่วยได้มาก", "ผอ.[ชื่อ] ช่วยได้มาก"),
        ("นายกเทศมนตรีรอฮานี สาและ", "นายกเทศมนตรี[ชื่อ]"),
        ("ผอ.มะหะมะ ไม่มาประชุม", "ผอ.[ชื่อ] ไม่มาประชุม"),
        # medical titles written with a dot after each letter
        ("พ.ญ.กัญญา เต็มเกียรติวิเศษ ผู้อำนวยการ", "พ.ญ.[ชื่อ] ผู้อำนวยการ"),
        ("น.พ.สมชาย ใจดี ตรวจเร็ว", "น.พ.[ชื่อ] ตรวจเร็ว"),
    ],
)
def test_names_missing_from_the_lists_are_masked_after_a_post(text: str, expected: str) -> None:
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ปลัดควรช่วยชาวบ้าน",
        "ผู้ใหญ่บ้านไม่มาประชุม",
        "กำนันลงพื้นที่บ่อย",
        "ปลัดมาช่วยทุกครั้ง",
        "ผอ.ดูแลดีมาก",
        "ผู้ใหญ่บ้านช่วยเหลือดี",
    ],
)
def test_the_sentence_after_a_post_is_not_taken_for_an_unlisted_name(text: str) -> None:
    assert mask_personal_data(text) == text
