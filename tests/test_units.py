"""Splitting multi-point answers into suggestion units linked to their answer."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.text.units import split_units
from analysis.text.units import units_frame


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("1. อาหารอร่อย 2. ห้องหนาวไป 3) วิทยากรพูดเร็ว", ["อาหารอร่อย", "ห้องหนาวไป", "วิทยากรพูดเร็ว"]),
        ("1.อาหารดี\n2.ห้องเย็น", ["อาหารดี", "ห้องเย็น"]),
        ("๑.อาหาร ๒.สถานที่", ["อาหาร", "สถานที่"]),
        ("อาหารดี\n- ห้องเย็น\n• เสียงไมค์ไม่ชัด", ["อาหารดี", "ห้องเย็น", "เสียงไมค์ไม่ชัด"]),
        ("ข้อ 1 ถนนไม่ปลอดภัย ข้อ 2 ควรมีด่านตรวจ", ["ถนนไม่ปลอดภัย", "ควรมีด่านตรวจ"]),
        (
            "อยากให้มีอาหารว่างมากขึ้น และควรเลือกสถานที่ใกล้ตัวเมือง",
            ["อยากให้มีอาหารว่างมากขึ้น", "ควรเลือกสถานที่ใกล้ตัวเมือง"],
        ),
        ("อาหารอร่อยและควรเพิ่มของว่าง", ["อาหารอร่อย", "ควรเพิ่มของว่าง"]),
        ("ห้องเย็นดี อีกทั้งอยากให้มีไมค์สำรอง", ["ห้องเย็นดี", "อยากให้มีไมค์สำรอง"]),
    ],
)
def test_points_are_split(text: str, units: list[str]) -> None:
    assert split_units(text) == units


@pytest.mark.parametrize(
    "text",
    [
        "ข้าวและน้ำอร่อย",
        "วิทยากรพูดดีและให้ความรู้มาก",
        "เริ่มเวลา 9.30 น. ช้าไป 2.5 ชั่วโมง",
        "รุ่นที่ 2. ดีกว่ารุ่นแรก",
        "ห้องประชุมและห้องน้ำสะอาด",
    ],
)
def test_single_points_stay_whole(text: str) -> None:
    assert split_units(text) == [text]


def test_units_frame_links_units_to_answers() -> None:
    frame = units_frame(pd.Series({"r1": "1. อาหารดี 2. ห้องเย็น", "r2": "วิทยากรดี", "r3": None}))
    assert frame["response"].tolist() == ["r1", "r1", "r2"]
    assert frame["unit_no"].tolist() == [0, 1, 0]
    assert frame["unit"].tolist() == ["อาหารดี", "ห้องเย็น", "วิทยากรดี"]
