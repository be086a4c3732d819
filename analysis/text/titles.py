"""Titles written before a person's name in Thai, English and Malay, as data for masking names.

Two kinds. ``FORMAL_TITLES`` are only ever followed by a name (นาย, ดร., พ.ต.อ.): what follows
is masked. ``POST_TITLES`` are posts, degrees and ranks spelled out that are ordinary words too
("ปลัดพูดเร็วไป", "ผอ.โรงเรียน", "อ.เมือง" the district, "เรือเอกชน" private boats): what follows
is masked only when it is a known first name (see ``analysis.text.privacy``).

Where they come from:
- personal titles (คำนำหน้านาม) as the civil registration uses them, with the Royal Institute's
  (ราชบัณฑิตยสภา) abbreviations (น.ส., ด.ช., ด.ญ.);
- academic positions of the พระราชบัญญัติระเบียบข้าราชการพลเรือนในสถาบันอุดมศึกษา พ.ศ. 2547
  (ศาสตราจารย์, รองศาสตราจารย์, ผู้ช่วยศาสตราจารย์) and their abbreviations, and ดร.;
- professional titles of the medical councils (นพ., พญ., ทพ., ทพญ., ภก., ภญ.);
- military ranks of the พระราชบัญญัติยศทหาร พ.ศ. 2479 (army, navy, air force) and police ranks of
  the พระราชบัญญัติตำรวจแห่งชาติ, spelled out and abbreviated as the armed forces and the police
  write them (พ.อ. พันเอก, น.อ. นาวาเอก, พ.ต.อ. พันตำรวจเอก);
- local administration posts of the พระราชบัญญัติลักษณะปกครองท้องที่ พ.ศ. 2457 (กำนัน,
  ผู้ใหญ่บ้าน) and the provincial, district and local government posts met at deep-south
  workshops (ผู้ว่าราชการจังหวัด, นายอำเภอ, ปลัด, นายก อบต.);
- Muslim religious titles and mosque posts of the southern border provinces (บาบอ, อุสตาซ,
  อิหม่าม, คอเต็บ, บิหลั่น).
"""

from __future__ import annotations

GRADES = ("เอก", "โท", "ตรี")  # first, second and third grade of every commissioned rank

PERSONAL_TITLES: tuple[str, ...] = (
    "นาย",
    "นาง",
    "นางสาว",
    "น.ส.",
    "เด็กชาย",
    "เด็กหญิง",
    "ด.ช.",
    "ด.ญ.",
    "คุณหญิง",
    "ท่านผู้หญิง",
    "ม.ร.ว.",
    "ม.ล.",
)
ACADEMIC_ABBREVIATIONS: tuple[str, ...] = ("ศ.", "รศ.", "ผศ.", "ดร.", "ศ.ดร.", "รศ.ดร.", "ผศ.ดร.")
# also written with a dot after each letter (น.พ., พ.ญ.), as in news and signatures
MEDICAL_TITLES: tuple[str, ...] = (
    "นพ.",
    "พญ.",
    "ทพ.",
    "ทพญ.",
    "ภก.",
    "ภญ.",
    "น.สพ.",
    "สพ.ญ.",
    "น.พ.",
    "พ.ญ.",
    "ท.พ.",
    "ท.พ.ญ.",
    "ภ.ก.",
    "ภ.ญ.",
)
ARMY_RANKS: tuple[str, ...] = (
    *(f"พล{g}" for g in GRADES),
    *(f"พัน{g}" for g in GRADES),
    *(f"ร้อย{g}" for g in GRADES),
    *(f"จ่าสิบ{g}" for g in GRADES),
    *(f"สิบ{g}" for g in GRADES),
    "พลทหาร",
)
ARMY_ABBREVIATIONS: tuple[str, ...] = (
    *("พล.อ.", "พล.ท.", "พล.ต.", "พ.อ.", "พ.ท.", "พ.ต.", "ร.อ.", "ร.ท.", "ร.ต."),
    *("จ.ส.อ.", "จ.ส.ท.", "จ.ส.ต.", "ส.อ.", "ส.ท.", "ส.ต.", "พลฯ"),
)
NAVY_RANKS: tuple[str, ...] = tuple(
    f"{rank}{g}" for rank in ("พลเรือ", "นาวา", "เรือ", "พันจ่า", "จ่า") for g in GRADES
)
NAVY_ABBREVIATIONS: tuple[str, ...] = (
    *("พล.ร.อ.", "พล.ร.ท.", "พล.ร.ต.", "น.อ.", "น.ท.", "น.ต."),
    *("พ.จ.อ.", "พ.จ.ท.", "พ.จ.ต.", "จ.อ.", "จ.ท.", "จ.ต."),
)
AIR_FORCE_RANKS: tuple[str, ...] = tuple(
    f"{rank}{g}"
    for rank in ("พลอากาศ", "นาวาอากาศ", "เรืออากาศ", "พันจ่าอากาศ", "จ่าอากาศ")
    for g in GRADES
)
AIR_FORCE_ABBREVIATIONS: tuple[str, ...] = (
    *("พล.อ.อ.", "พล.อ.ท.", "พล.อ.ต.", "พ.อ.อ.", "พ.อ.ท.", "พ.อ.ต."),
)
POLICE_RANKS: tuple[str, ...] = (
    *(f"{rank}{g}" for rank in ("พลตำรวจ", "พันตำรวจ", "ร้อยตำรวจ", "สิบตำรวจ") for g in GRADES),
    *("ดาบตำรวจ", "จ่าสิบตำรวจ", "พลตำรวจ"),
)
POLICE_ABBREVIATIONS: tuple[str, ...] = (
    *("พล.ต.อ.", "พล.ต.ท.", "พล.ต.ต.", "พ.ต.อ.", "พ.ต.ท.", "พ.ต.ต."),
    *("ร.ต.อ.", "ร.ต.ท.", "ร.ต.ต.", "ด.ต.", "จ.ส.ต.", "ส.ต.อ.", "ส.ต.ท.", "ส.ต.ต."),
)
RELIGIOUS_TITLES: tuple[str, ...] = ("บาบอ", "อุสตาซ", "อุสตาซะห์", "ฮัจยี", "หะยี", "โต๊ะครู")

# A name always follows these.
FORMAL_TITLES: tuple[str, ...] = (
    *PERSONAL_TITLES,
    *ACADEMIC_ABBREVIATIONS,
    *MEDICAL_TITLES,
    *ARMY_ABBREVIATIONS,
    *NAVY_ABBREVIATIONS,
    *AIR_FORCE_ABBREVIATIONS,
    *POLICE_ABBREVIATIONS,
    *RELIGIOUS_TITLES,
)
# "คุณ" usually precedes a first name or a nickname only, and sits inside many words (ขอบคุณ).
INFORMAL_TITLES: tuple[str, ...] = ("คุณ",)

ADMINISTRATIVE_POSTS: tuple[str, ...] = (
    "ผู้ว่าราชการจังหวัด",
    "รองผู้ว่าราชการจังหวัด",
    "ผู้ว่าฯ",
    "รองผู้ว่าฯ",
    "ผู้ว่า",
    "ผวจ.",
    "รอง ผวจ.",
    "ปลัดจังหวัด",
    "นายอำเภอ",
    "ปลัดอำเภอ",
    "นอภ.",
    "ปลัด",
    "กำนัน",
    "ผู้ใหญ่บ้าน",
    "ผญบ.",
    "ผู้ช่วยผู้ใหญ่บ้าน",
    "สารวัตรกำนัน",
    "นายก อบต.",
    "นายกอบต.",
    "นายก อบจ.",
    "นายกอบจ.",
    "นายกเทศมนตรี",
    "นายกฯ",
    "ผู้อำนวยการ",
    "รองผู้อำนวยการ",
    "ผอ.",
    "รอง ผอ.",
    "ผู้กำกับ",
    "ผกก.",
    "สารวัตร",
    "สว.",
    "ผู้บังคับการ",
    "ผบก.",
    "ผู้บัญชาการ",
    "ผบช.",
    "ผบ.",
    "หัวหน้า",
    # elected members: of the House, the Senate, provincial and sub-district councils
    "ส.ส.",
    "ส.ว.",
    "ส.จ.",
    "ส.อบจ.",
    "ส.อบต.",
)
ACADEMIC_POSTS: tuple[str, ...] = (
    "ศาสตราจารย์",
    "รองศาสตราจารย์",
    "ผู้ช่วยศาสตราจารย์",
    "ดอกเตอร์",
    "ด็อกเตอร์",
    "อาจารย์",
    "อ.",
    "ครู",
    "คุณครู",
    "หมอ",
    "คุณหมอ",
)
MOSQUE_POSTS: tuple[str, ...] = ("อิหม่าม", "โต๊ะอิหม่าม", "คอเต็บ", "บิหลั่น")
# A name follows these only sometimes: it is masked when it is a known first name.
POST_TITLES: tuple[str, ...] = (
    *ADMINISTRATIVE_POSTS,
    *ACADEMIC_POSTS,
    *ARMY_RANKS,
    *NAVY_RANKS,
    *AIR_FORCE_RANKS,
    *POLICE_RANKS,
    *MOSQUE_POSTS,
)
# Titles ending a dotted abbreviation of something else ("กอ.รมน.", "ศอ.บต." end in "อ."):
# these only start a word.
WORD_START_TITLES: frozenset[str] = frozenset({"อ.", "สว."})

# English and Malay (Rumi) titles before a capitalised name.
LATIN_TITLES: tuple[str, ...] = (
    *("Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Assoc. Prof", "Asst. Prof"),
    *("Gen", "Col", "Lt", "Capt", "Maj", "Sgt", "Pol. Col", "Pol. Lt. Col", "Pol. Maj"),
    *("Encik", "En.", "Puan", "Pn.", "Cik", "Tuan", "Haji", "Hj.", "Hajah", "Hjh."),
    *("Ustaz", "Ustazah", "Cikgu", "Imam"),
)
