"""The demo workshop seeded on first run, modelled on a real two-day workshop in Pattani (2019)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import Any

from analysis.questionnaire.model import Questionnaire
from survey import store

DEMO_SEED = 2019
DEMO_RESPONSES_PER_SESSION = 24
DEMO_CLOSING_TIME = dt.time(11, 45)  # answers come in over the quarter hour after a session
BANGKOK = dt.timezone(dt.timedelta(hours=7))

# Written for the demo in the voice of district officers and local leaders; not real people.
DEMO_SUGGESTIONS = (
    "อยากให้จัดกิจกรรมแบบนี้อย่างต่อเนื่อง ปีละ 2 ครั้ง",
    "ควรเพิ่มเวลาช่วงแลกเปลี่ยนความคิดเห็น เพราะเวลาน้อยเกินไป",
    "ถนนเข้าหมู่บ้านชำรุด ไฟส่องสว่างไม่พอ กลางคืนไม่ปลอดภัย",
    "อยากให้ ศอ.บต. ลงพื้นที่พบผู้นำท้องที่บ่อยขึ้น",
    "เยาวชนในพื้นที่ว่างงานมาก ควรมีการฝึกอาชีพ",
    "ห้องประชุมแอร์เย็นเกินไป",
    "อาหารอร่อย แต่ควรมีอาหารฮาลาลให้ชัดเจน",
    "เอกสารประกอบการบรรยายควรส่งล่วงหน้า",
    "ปัญหายาเสพติดในหมู่บ้านยังรุนแรง ต้องการความร่วมมือจากทุกฝ่าย",
    "ควรเชิญผู้นำศาสนาเข้าร่วมมากขึ้น",
    "-",
    "ไม่มี",
    "วิทยากรพูดเร็วไป ฟังไม่ทัน",
    "อยากให้มีล่ามภาษามลายูถิ่นสำหรับผู้นำบางท่าน",
    "ควรจัดที่จอดรถให้เพียงพอ",
    "น้ำประปาในตำบลไม่ไหล ต้องซื้อน้ำใช้",
    "ให้มีกล้องวงจรปิดในจุดเสี่ยงเพิ่มขึ้น",
    "ดีมากครับ ขอบคุณผู้จัด",
)


def demo_spec(questionnaires: Mapping[str, Questionnaire]) -> dict[str, Any]:
    """Return the demo workshop: two days, an opening, a lecture, an exchange and an evaluation."""
    session_form = questionnaires["session_feedback"]
    overall_form = questionnaires["workshop_evaluation"]
    return {
        "title": "โครงการเสริมสร้างความสัมพันธ์และแลกเปลี่ยนความคิดเห็นด้านการพัฒนาและความมั่นคง",
        "venue": "โรงแรมซี.เอส. ปัตตานี อำเภอเมืองปัตตานี จังหวัดปัตตานี",
        "organiser": "ศูนย์อำนวยการบริหารจังหวัดชายแดนภาคใต้ (ศอ.บต.)",
        "starts_on": dt.date(2019, 8, 20),
        "ends_on": dt.date(2019, 8, 21),
        "expected_attendance": 80,
        "days": [
            {
                "date": dt.date(2019, 8, 20),
                "title": "วันที่ 1",
                "sessions": [
                    {"title": "พิธีเปิดและชี้แจงวัตถุประสงค์", "questionnaire": session_form},
                    {
                        "title": "บรรยาย: การพัฒนาและความมั่นคงในพื้นที่จังหวัดชายแดนภาคใต้",
                        "questionnaire": session_form,
                    },
                ],
            },
            {
                "date": dt.date(2019, 8, 21),
                "title": "วันที่ 2",
                "sessions": [
                    {
                        "title": "เวทีแลกเปลี่ยนความคิดเห็นและข้อเสนอแนะ",
                        "questionnaire": session_form,
                    },
                    {"title": "ประเมินผลภาพรวมของโครงการ", "questionnaire": overall_form},
                ],
            },
        ],
    }


def _answer(question: Any, rng: random.Random) -> list[str]:
    """Return a plausible demo answer; ratings lean positive, as real ones do."""
    if question.type == "multiple_choice":
        return rng.sample([o.value for o in question.options], rng.randint(1, 2))
    if question.is_text:
        if question.type == "short_text":
            return [rng.choice(["ที่ทำการปกครองอำเภอ", "อบต.", "ศอ.บต.", "เทศบาล"])]
        return [rng.choice(DEMO_SUGGESTIONS)] if rng.random() < 0.7 else []
    if question.type == "nps":
        return [str(rng.choice([6, 7, 8, 8, 9, 9, 10, 10, 5]))]
    if question.is_rating:
        return [str(rng.choice([5, 5, 4, 4, 4, 3, 5, 4, 2]))]
    return [rng.choice([o.value for o in question.options])]


def seed_demo(questionnaires: Mapping[str, Questionnaire]) -> int:
    """Create the demo workshop with sample answers in its sessions; return the workshop id."""
    workshop_id = store.create_workshop(demo_spec(questionnaires))
    rng = random.Random(DEMO_SEED)
    for session in store.list_sessions(workshop_id, with_questionnaire=True):
        questionnaire = store.questionnaire_of(session)
        for n in range(DEMO_RESPONSES_PER_SESSION):
            values: dict[str, list[str]] = {}
            for question in questionnaire.questions:
                for column in question.columns:
                    answer = _answer(question, rng)
                    if answer:
                        values[column] = answer
            if "knowledge__before" in values and "knowledge__after" in values:
                after = int(values["knowledge__after"][0])
                values["knowledge__before"] = [str(max(1, after - rng.choice([0, 1, 1, 2])))]
            token = f"demo-{session['code']}-{n:03d}"
            at = dt.datetime.combine(session["date"], DEMO_CLOSING_TIME, BANGKOK)
            at += dt.timedelta(seconds=rng.randint(0, 15 * 60))
            store.save_response(session["id"], token, f"demo-person-{n:03d}", "th", values, at)
    return workshop_id
