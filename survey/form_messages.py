"""WTForms' built-in messages in Thai for the staff pages (WTForms ships no Thai catalogue), so
no English "Not a valid integer value." appears beside a Thai field."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm

# WTForms' message ids (wtforms/locale/wtforms.pot) -> Thai; placeholders kept.
THAI_MESSAGES = {
    "Field must be at least %(min)d character long.": "ต้องยาวอย่างน้อย %(min)d ตัวอักษร",
    "Field must be at least %(min)d characters long.": "ต้องยาวอย่างน้อย %(min)d ตัวอักษร",
    "Field cannot be longer than %(max)d character.": "ยาวได้ไม่เกิน %(max)d ตัวอักษร",
    "Field cannot be longer than %(max)d characters.": "ยาวได้ไม่เกิน %(max)d ตัวอักษร",
    "Field must be exactly %(max)d character long.": "ต้องยาว %(max)d ตัวอักษรพอดี",
    "Field must be exactly %(max)d characters long.": "ต้องยาว %(max)d ตัวอักษรพอดี",
    "Field must be between %(min)d and %(max)d characters long.": (
        "ต้องยาว %(min)d ถึง %(max)d ตัวอักษร"
    ),
    "Number must be at least %(min)s.": "ต้องเป็นตัวเลขตั้งแต่ %(min)s ขึ้นไป",
    "Number must be at most %(max)s.": "ต้องเป็นตัวเลขไม่เกิน %(max)s",
    "Number must be between %(min)s and %(max)s.": "ต้องเป็นตัวเลขตั้งแต่ %(min)s ถึง %(max)s",
    "Date must be at least %(min)s.": "วันที่ต้องไม่ก่อน %(min)s",
    "Date must be at most %(max)s.": "วันที่ต้องไม่หลัง %(max)s",
    "Date must be between %(min)s and %(max)s.": "วันที่ต้องอยู่ระหว่าง %(min)s ถึง %(max)s",
    "This field is required.": "กรุณากรอกช่องนี้",
    "Invalid input.": "ข้อมูลไม่ถูกต้อง",
    "Invalid email address.": "อีเมลไม่ถูกต้อง",
    "Invalid URL.": "ลิงก์ไม่ถูกต้อง",
    "Invalid value, must be one of: %(values)s.": "ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: %(values)s",
    "Invalid value, can't be any of: %(values)s.": "ห้ามเป็นค่าเหล่านี้: %(values)s",
    "Invalid CSRF Token.": "แบบฟอร์มนี้หมดอายุ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
    "CSRF token missing.": "แบบฟอร์มนี้หมดอายุ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
    "CSRF failed.": "แบบฟอร์มนี้หมดอายุ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
    "CSRF token expired.": "แบบฟอร์มนี้หมดอายุ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
    "Invalid Choice: could not coerce.": "ตัวเลือกไม่ถูกต้อง กรุณาเลือกจากรายการ",
    "Choices cannot be None.": "ยังไม่มีตัวเลือกให้เลือก",
    "Not a valid choice.": "ตัวเลือกไม่ถูกต้อง กรุณาเลือกจากรายการ",
    "Invalid choice(s): one or more data inputs could not be coerced.": (
        "มีตัวเลือกที่ไม่ถูกต้อง กรุณาเลือกจากรายการ"
    ),
    "'%(value)s' is not a valid choice for this field.": "'%(value)s' ไม่ใช่ตัวเลือกของช่องนี้",
    "'%(value)s' are not valid choices for this field.": "'%(value)s' ไม่ใช่ตัวเลือกของช่องนี้",
    "Not a valid datetime value.": "กรุณากรอกวันเวลาให้ถูกต้อง",
    "Not a valid date value.": "กรุณากรอกวันที่ให้ถูกต้อง (ปี ค.ศ.-เดือน-วัน)",
    "Not a valid time value.": "กรุณากรอกเวลาให้ถูกต้อง",
    "Not a valid week value.": "กรุณากรอกสัปดาห์ให้ถูกต้อง",
    "Not a valid integer value.": "กรุณากรอกเป็นจำนวนเต็ม (ตัวเลข 0–9)",
    "Not a valid decimal value.": "กรุณากรอกเป็นตัวเลข",
    "Not a valid float value.": "กรุณากรอกเป็นตัวเลข",
}


class ThaiMessages:
    """A gettext-like catalogue WTForms asks for its messages; unknown ones stay as they are."""

    def gettext(self, message: str) -> str:
        return THAI_MESSAGES.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class StaffForm(FlaskForm):
    """The base of every staff form: WTForms' own messages said in Thai."""

    class Meta:
        def get_translations(self, form: Any) -> ThaiMessages:
            return ThaiMessages()
