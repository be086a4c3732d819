"""The PDPA notice of a workshop (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562, s. 23: who collects,
for what, what, for how long, whom to contact, the person's rights) in Thai, English and Malay;
and what retention means."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from analysis.dates import thai_date
from survey import store

# What a workshop's retention removes once its day has passed.
RETENTION_CHOICES = {
    "text": "ลบความคิดเห็นที่พิมพ์ (ข้อความอิสระ) เก็บคะแนนไว้",
    "all": "ลบคำตอบทั้งหมดของโครงการ",
}

# The short notice above the first question, and the full text behind its link. Fields:
# controller (the organiser), contact, until (the retention day in words).
SHORT = {
    "th": (
        "{controller} เก็บคำตอบนี้เพื่อประเมินและปรับปรุงการจัดงานเท่านั้น ไม่ถามชื่อ "
        "คำตอบเก็บถึง{until} ท่านถอนคำตอบของตนได้จากหน้าขอบคุณขณะที่ยังเปิดรับคำตอบ"
    ),
    "en": (
        "{controller} collects these answers only to evaluate and improve the event; your name "
        "is not asked. Answers are kept until {until}. You may withdraw your answer from the "
        "thank-you page while the session is open."
    ),
    "ms": (
        "{controller} mengumpul jawapan ini hanya untuk menilai dan menambah baik program; nama "
        "anda tidak ditanya. Jawapan disimpan hingga {until}. Anda boleh menarik balik jawapan "
        "anda dari halaman terima kasih semasa sesi masih dibuka."
    ),
}
FULL = {
    "th": [
        ("ผู้ควบคุมข้อมูลส่วนบุคคล", "{controller}"),
        (
            "วัตถุประสงค์",
            "ประเมินผลและปรับปรุงการจัดโครงการ และจัดทำรายงานสรุปผลแบบภาพรวม "
            "(ฐานประโยชน์โดยชอบด้วยกฎหมาย / ภารกิจของหน่วยงาน)",
        ),
        (
            "ข้อมูลที่เก็บ",
            "คำตอบในแบบประเมิน (คะแนน ความคิดเห็น และข้อมูลทั่วไป เช่น ตำแหน่ง หน่วยงาน จังหวัด "
            "ช่วงอายุ หากแบบประเมินถาม) เวลาที่ส่ง ภาษา และรหัสสุ่มในคุกกี้ของเบราว์เซอร์ "
            "เพื่อไม่ให้นับคำตอบซ้ำ ไม่เก็บชื่อ เบอร์โทร หรือที่อยู่ ชื่อที่พิมพ์ในความคิดเห็นจะถูกปิดบังในรายงาน",
        ),
        ("ระยะเวลาเก็บ", "ถึง{until} จากนั้น{retention}"),
        ("ผู้ที่เห็นข้อมูล", "เจ้าหน้าที่ของโครงการตามบทบาท ผลที่เผยแพร่เป็นภาพรวมเท่านั้น"),
        (
            "สิทธิของท่าน",
            "ขอเข้าถึง ขอแก้ไข ขอลบ หรือคัดค้านการใช้ข้อมูล ถอนคำตอบของตนได้จากหน้าขอบคุณ "
            "และร้องเรียนต่อสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล",
        ),
        ("ติดต่อ", "{contact}"),
    ],
    "en": [
        ("Data controller", "{controller}"),
        (
            "Purpose",
            "To evaluate and improve the programme and to report results in aggregate "
            "(legitimate interest / the agency's public task).",
        ),
        (
            "What is collected",
            "Your answers (ratings, comments and profile answers such as position, agency, "
            "province or age band, if asked), the time sent, the language, and a random code in "
            "a browser cookie so an answer is not counted twice. No name, phone or address; "
            "names typed in comments are masked in reports.",
        ),
        ("How long", "Until {until}; then {retention}."),
        ("Who sees it", "The programme's staff, by role; results are published in aggregate."),
        (
            "Your rights",
            "To access, correct, delete or object; to withdraw your answer from the thank-you "
            "page; to complain to the Personal Data Protection Committee.",
        ),
        ("Contact", "{contact}"),
    ],
    "ms": [
        ("Pengawal data", "{controller}"),
        (
            "Tujuan",
            "Untuk menilai dan menambah baik program serta melaporkan hasil secara keseluruhan.",
        ),
        (
            "Data yang dikumpul",
            "Jawapan anda (skor, komen dan maklumat umum seperti jawatan, agensi, wilayah atau "
            "julat umur, jika ditanya), masa dihantar, bahasa, dan kod rawak dalam kuki pelayar "
            "supaya jawapan tidak dikira dua kali. Tiada nama, telefon atau alamat.",
        ),
        ("Tempoh simpanan", "Hingga {until}; kemudian {retention}."),
        (
            "Siapa yang melihat",
            "Kakitangan program mengikut peranan; hasil diterbitkan secara keseluruhan.",
        ),
        (
            "Hak anda",
            "Meminta akses, pembetulan, pemadaman atau membantah; menarik balik jawapan dari "
            "halaman terima kasih; mengadu kepada Jawatankuasa Perlindungan Data Peribadi.",
        ),
        ("Hubungi", "{contact}"),
    ],
}
UNTIL_OPEN = {
    "th": "สิ้นสุดการประเมินผลโครงการ",
    "en": "the evaluation is finished",
    "ms": "penilaian selesai",
}
RETENTION_WORDS = {
    "th": {"text": "ความคิดเห็นที่พิมพ์จะถูกลบ", "all": "คำตอบทั้งหมดจะถูกลบ"},
    "en": {"text": "typed comments are deleted", "all": "all answers are deleted"},
    "ms": {"text": "komen bertulis dipadam", "all": "semua jawapan dipadam"},
}


def _fields(workshop: Mapping[str, Any], language: str) -> dict[str, str]:
    language = language if language in SHORT else "th"
    until_day: dt.date | None = workshop.get("retain_until")
    if until_day is None:
        until = UNTIL_OPEN[language]
    elif language == "th":
        until = "วันที่ " + thai_date(until_day)
    else:
        until = until_day.isoformat()
    controller = workshop.get("organiser") or workshop.get("title") or "-"
    return {
        "controller": str(controller),
        "contact": str(workshop.get("privacy_contact") or controller),
        "until": until,
        "retention": RETENTION_WORDS[language][workshop.get("retention") or "text"],
    }


def short_notice(workshop: Mapping[str, Any], language: str) -> str:
    """Return the one-paragraph notice shown above the first question."""
    language = language if language in SHORT else "th"
    return SHORT[language].format(**_fields(workshop, language))


def full_notice(workshop: Mapping[str, Any], language: str) -> list[tuple[str, str]]:
    """Return the full notice as (heading, text) pairs; a workshop's own notice (Thai, as the
    organiser wrote it) comes first when it has one."""
    language = language if language in FULL else "th"
    fields = _fields(workshop, language)
    sections = [(heading, text.format(**fields)) for heading, text in FULL[language]]
    own = str(workshop.get("privacy_notice") or "").strip()
    return [("", own), *sections] if own else sections


def apply_retention(today: dt.date) -> list[tuple[dict[str, Any], dict[str, int]]]:
    """Remove what each workshop past its retention day no longer keeps (its free text, or all
    its responses, as it sets); return each workshop treated with what went. A workshop already
    treated, with nothing new to remove, is left out."""
    from survey.dashboard import text_columns  # the dashboard's imports stay out of participants'

    done = []
    for workshop in store.workshops_past_retention(today):
        sessions = store.list_sessions(workshop["id"], with_questionnaire=True)
        columns = text_columns(store.questionnaires_of(sessions))
        everything = workshop["retention"] == "all"
        gone = store.remove_for_retention(workshop["id"], everything, columns)
        if workshop["retention_applied_at"] is None or any(gone.values()):
            done.append((workshop, gone))
    return done
