"""The words the app itself says to participants and staff, in Thai, English and Malay."""

from __future__ import annotations

from flask import request
from werkzeug.exceptions import RequestEntityTooLarge

from analysis.questionnaire.model import DEFAULT_LANGUAGE
from analysis.questionnaire.model import LANGUAGES

LANGUAGE_COOKIE = "sala_lang"
LANGUAGE_NAMES = {"th": "ไทย", "en": "English", "ms": "Melayu"}

MESSAGES: dict[str, dict[str, str]] = {
    "submit": {"th": "ส่งคำตอบ", "en": "Submit", "ms": "Hantar"},
    "sending": {"th": "กำลังส่ง…", "en": "Sending…", "ms": "Menghantar…"},
    "required": {
        "th": "กรุณาตอบข้อนี้",
        "en": "Please answer this question.",
        "ms": "Sila jawab soalan ini.",
    },
    "required_mark": {"th": "จำเป็น", "en": "required", "ms": "wajib"},
    "too_long": {
        "th": "ยาวเกินไป: พิมพ์ได้ไม่เกิน {max} ตัวอักษร",
        "en": "Too long: at most {max} characters.",
        "ms": "Terlalu panjang: paling banyak {max} aksara.",
    },
    "invalid_choice": {
        "th": "กรุณาเลือกจากตัวเลือกที่มีให้",
        "en": "Please pick one of the choices given.",
        "ms": "Sila pilih salah satu pilihan yang diberi.",
    },
    "fix_errors": {
        "th": "ยังส่งไม่ได้ กรุณาตรวจข้อที่มีข้อความสีแดง คำตอบอื่นของท่านยังอยู่ครบ",
        "en": "Not sent yet: please check the questions marked in red. Your other answers are kept.",
        "ms": "Belum dihantar: sila semak soalan bertanda merah. Jawapan lain anda disimpan.",
    },
    "network_error": {
        "th": "ส่งไม่สำเร็จเพราะการเชื่อมต่อขัดข้อง คำตอบของท่านยังอยู่ครบ กรุณากดส่งอีกครั้ง",
        "en": "Not sent: the connection failed. Your answers are still here; please tap Submit again.",
        "ms": "Tidak dihantar: sambungan gagal. Jawapan anda masih ada; sila tekan Hantar semula.",
    },
    "restored": {
        "th": "นำคำตอบที่ท่านกรอกไว้กลับมาให้แล้ว",
        "en": "We restored the answers you had entered.",
        "ms": "Jawapan yang anda isi telah dipulihkan.",
    },
    "error_summary_title": {
        "th": "มีข้อที่ยังต้องแก้ไข",
        "en": "There is a problem",
        "ms": "Terdapat masalah",
    },
    "start_over": {
        "th": "เริ่มใหม่ (ไม่ใช่คำตอบของฉัน)",
        "en": "Start again (not my answers)",
        "ms": "Mula semula (bukan jawapan saya)",
    },
    # What 0 and 10 mean on a recommendation (NPS) question whose questionnaire does not say.
    "nps_min": {"th": "ไม่แนะนำเลย", "en": "Not at all likely", "ms": "Langsung tidak mungkin"},
    "nps_max": {"th": "แนะนำอย่างแน่นอน", "en": "Extremely likely", "ms": "Sangat mungkin"},
    "language": {"th": "ภาษา", "en": "Language", "ms": "Bahasa"},
    "progress": {"th": "ตอบแล้ว", "en": "Answered", "ms": "Dijawab"},
    "next": {"th": "ถัดไป", "en": "Next", "ms": "Seterusnya"},
    "back": {"th": "ย้อนกลับ", "en": "Back", "ms": "Kembali"},
    "page_of": {
        "th": "หน้า {n} จาก {total}",
        "en": "Page {n} of {total}",
        "ms": "Halaman {n} daripada {total}",
    },
    "form_changed": {
        "th": "แบบประเมินนี้เพิ่งถูกปรับปรุง ระบบยังไม่ได้บันทึกสิ่งใด "
        "คำตอบของท่านที่ยังตรงกับแบบใหม่อยู่ครบ กรุณาตรวจอีกครั้งแล้วกดส่ง",
        "en": "This form has just been updated. Nothing was saved yet; your answers that still fit "
        "are here: please check them and submit again.",
        "ms": "Borang ini baru dikemas kini. Belum ada yang disimpan; jawapan anda yang masih sesuai "
        "ada di sini: sila semak dan hantar semula.",
    },
    "thanks_title": {"th": "ขอบคุณสำหรับคำตอบ", "en": "Thank you", "ms": "Terima kasih"},
    "privacy_title": {
        "th": "การคุ้มครองข้อมูลส่วนบุคคล",
        "en": "Privacy notice",
        "ms": "Notis privasi",
    },
    "privacy_more": {
        "th": "อ่านประกาศความเป็นส่วนตัวฉบับเต็ม",
        "en": "Read the full privacy notice",
        "ms": "Baca notis privasi penuh",
    },
    "withdraw": {
        "th": "ถอนคำตอบของฉัน",
        "en": "Withdraw my answer",
        "ms": "Tarik balik jawapan saya",
    },
    "withdraw_note": {
        "th": "ถอนคำตอบได้ขณะที่ยังเปิดรับคำตอบ คำตอบจะถูกลบทันทีและไม่นับในผลการประเมิน",
        "en": "While the session is open you may withdraw your answer: it is deleted at once and not counted.",
        "ms": "Semasa sesi dibuka anda boleh menarik balik jawapan: ia dipadam serta-merta dan tidak dikira.",
    },
    "withdraw_confirm": {
        "th": "ฉันต้องการลบคำตอบนี้",
        "en": "I want this answer deleted",
        "ms": "Saya mahu jawapan ini dipadam",
    },
    "withdrawn_title": {
        "th": "ถอนคำตอบแล้ว",
        "en": "Your answer was withdrawn",
        "ms": "Jawapan anda telah ditarik balik",
    },
    "withdraw_gone_title": {
        "th": "ไม่พบคำตอบนี้แล้ว",
        "en": "This answer is no longer here",
        "ms": "Jawapan ini tiada lagi",
    },
    "withdraw_gone_body": {
        "th": "คำตอบนี้อาจถูกถอนไปแล้ว ระบบไม่ได้ลบสิ่งใดเพิ่ม",
        "en": "It may have been withdrawn already. Nothing more was deleted.",
        "ms": "Ia mungkin telah ditarik balik. Tiada lagi yang dipadam.",
    },
    "withdrawn_body": {
        "th": "ระบบลบคำตอบของท่านแล้ว และจะไม่นับในผลการประเมิน",
        "en": "Your answer has been deleted and will not be counted.",
        "ms": "Jawapan anda telah dipadam dan tidak akan dikira.",
    },
    "thanks_body": {
        "th": "ระบบบันทึกคำตอบของท่านเรียบร้อยแล้ว",
        "en": "Your answers have been saved.",
        "ms": "Jawapan anda telah disimpan.",
    },
    "answered_title": {
        "th": "ท่านส่งคำตอบแล้ว",
        "en": "You have already answered",
        "ms": "Anda sudah menjawab",
    },
    "answered_body": {
        "th": "ระบบได้รับคำตอบของท่านสำหรับช่วงนี้เรียบร้อยแล้ว ไม่ต้องส่งซ้ำ",
        "en": "We have received your answers for this session. There is no need to send them again.",
        "ms": "Jawapan anda untuk sesi ini telah diterima. Tidak perlu menghantarnya semula.",
    },
    "answer_again_help": {
        "th": "หากใช้โทรศัพท์เครื่องนี้ร่วมกับผู้อื่น หรือต้องการส่งคำตอบอีกชุดหนึ่ง กดปุ่มด้านล่างได้ "
        "คำตอบใหม่จะเพิ่มเข้าไป คำตอบเดิมยังอยู่",
        "en": "Sharing this phone, or want to send another answer? "
        "A new answer is added; the one already sent stays.",
        "ms": "Berkongsi telefon ini, atau mahu menghantar jawapan lain? "
        "Jawapan baharu ditambah; jawapan yang telah dihantar kekal.",
    },
    "answer_again": {"th": "ตอบอีกครั้ง", "en": "Answer again", "ms": "Jawab sekali lagi"},
    "not_found_title": {
        "th": "ไม่พบแบบประเมินนี้",
        "en": "Questionnaire not found",
        "ms": "Soal selidik tidak dijumpai",
    },
    "not_found_body": {
        "th": "กรุณาตรวจสอบรหัสเข้าร่วมบนจอหรือโปสเตอร์อีกครั้ง",
        "en": "Please check the join code on the screen or poster.",
        "ms": "Sila semak kod sertai pada skrin atau poster.",
    },
    "closed_title": {
        "th": "แบบประเมินนี้ปิดรับคำตอบแล้ว",
        "en": "This questionnaire is closed",
        "ms": "Soal selidik ini telah ditutup",
    },
    "closed_body": {
        "th": "ขอบคุณที่ให้ความสนใจ หากยังต้องการแสดงความคิดเห็น กรุณาติดต่อผู้จัด",
        "en": "Thank you for your interest. To give feedback now, please contact the organisers.",
        "ms": "Terima kasih. Untuk memberi maklum balas, sila hubungi penganjur.",
    },
    "bad_request_title": {"th": "ส่งข้อมูลไม่ได้", "en": "Could not send", "ms": "Tidak dapat dihantar"},
    "bad_request_body": {
        "th": "แบบฟอร์มนี้ไม่ตรงกับแบบประเมินปัจจุบัน ระบบยังไม่ได้บันทึกสิ่งใด กรุณาเปิดลิงก์ใหม่อีกครั้ง",
        "en": "This form does not match the current questionnaire. Nothing was saved; please open the link again.",
        "ms": "Borang ini tidak sepadan dengan soal selidik semasa. Tiada yang disimpan; sila buka pautan semula.",
    },
    "expired": {
        "th": "หน้านี้เปิดไว้นานจนหมดอายุ คำตอบของท่านยังอยู่ครบ กรุณากดส่งอีกครั้ง",
        "en": "This page had expired. Your answers are still here; please tap Submit again.",
        "ms": "Halaman ini telah tamat tempoh. Jawapan anda masih ada; sila tekan Hantar semula.",
    },
    "too_large_title": {
        "th": "ข้อความยาวเกินไป",
        "en": "Too much text",
        "ms": "Teks terlalu panjang",
    },
    "too_large_body": {
        "th": "ข้อมูลที่ส่งมีขนาดใหญ่เกินไป ระบบยังไม่ได้บันทึกสิ่งใด กรุณาย้อนกลับและตัดข้อความให้สั้นลง",
        "en": "What was sent is too large. Nothing was saved; please go back and shorten your text.",
        "ms": "Data terlalu besar. Tiada yang disimpan; sila kembali dan pendekkan teks anda.",
    },
    "method_title": {"th": "ใช้งานหน้านี้ไม่ได้", "en": "Not allowed", "ms": "Tidak dibenarkan"},
    "server_error_title": {
        "th": "ขออภัย ระบบขัดข้องชั่วคราว",
        "en": "Sorry, something went wrong",
        "ms": "Maaf, berlaku ralat",
    },
    "server_error_body": {
        "th": "คำตอบยังไม่ถูกบันทึก กรุณาย้อนกลับแล้วกดส่งอีกครั้ง",
        "en": "Your answers were not saved yet; please go back and submit again.",
        "ms": "Jawapan anda belum disimpan; sila kembali dan hantar semula.",
    },
    "enter_code": {"th": "กรอกรหัสเข้าร่วม", "en": "Enter the join code", "ms": "Masukkan kod sertai"},
    "join": {"th": "เข้าร่วม", "en": "Join", "ms": "Sertai"},
    "code_missing": {
        "th": "กรุณากรอกรหัสเข้าร่วมที่อยู่บนจอหรือโปสเตอร์",
        "en": "Please enter the join code shown on the screen or poster.",
        "ms": "Sila masukkan kod sertai yang tertera pada skrin atau poster.",
    },
    "home": {"th": "หน้าแรก", "en": "Home", "ms": "Utama"},
    "scan_or_open": {
        "th": "สแกน QR code หรือเปิด",
        "en": "Scan the QR code or open",
        "ms": "Imbas kod QR atau buka",
    },
    "join_code": {"th": "รหัสเข้าร่วม", "en": "Join code", "ms": "Kod sertai"},
    "forbidden_title": {
        "th": "ท่านไม่มีสิทธิ์ทำรายการนี้",
        "en": "You may not do this",
        "ms": "Anda tidak dibenarkan",
    },
    "forbidden_body": {
        "th": "บัญชีของท่านดูได้อย่างเดียว หรือไม่ได้รับมอบหมายให้ดูแลโครงการนี้ กรุณาติดต่อผู้ดูแลระบบ",
        "en": "Your account is read-only here or not assigned to this workshop; please ask an admin.",
        "ms": "Akaun anda hanya boleh membaca atau tidak ditugaskan; sila hubungi pentadbir.",
    },
    "staff_expired_title": {
        "th": "หน้านี้หมดอายุแล้ว",
        "en": "This page has expired",
        "ms": "Halaman ini telah tamat tempoh",
    },
    "staff_expired_body": {
        "th": "ระบบยังไม่ได้บันทึกสิ่งใด กรุณาย้อนกลับ โหลดหน้าใหม่ แล้วลองอีกครั้ง",
        "en": "Nothing was saved. Please go back, reload the page and try again.",
        "ms": "Tiada yang disimpan. Sila kembali, muat semula halaman dan cuba lagi.",
    },
    "login_wrong": {
        "th": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
        "en": "The username or password is not correct.",
        "ms": "Nama pengguna atau kata laluan tidak betul.",
    },
    "login_too_many": {
        "th": "พยายามเข้าสู่ระบบผิดหลายครั้งเกินไป กรุณารอ {minutes} นาทีแล้วลองใหม่ "
        "หากลืมรหัสผ่าน กรุณาติดต่อผู้ดูแลระบบ",
        "en": "Too many unsuccessful attempts to log in. Please wait {minutes} minutes and try "
        "again; if you have forgotten your password, please ask an admin.",
        "ms": "Terlalu banyak percubaan log masuk yang gagal. Sila tunggu {minutes} minit dan "
        "cuba lagi; jika anda terlupa kata laluan, sila hubungi pentadbir.",
    },
    "staff_not_found_title": {"th": "ไม่พบหน้านี้", "en": "Not found", "ms": "Tidak dijumpai"},
    "staff_not_found_body": {
        "th": "ไม่พบรายการนี้ หรือบัญชีของท่านไม่ได้รับมอบหมายให้ดูแลโครงการนี้",
        "en": "It does not exist, or your account is not assigned to this workshop.",
        "ms": "Ia tidak wujud, atau akaun anda tidak ditugaskan untuk bengkel ini.",
    },
    "staff_too_large_title": {
        "th": "ไฟล์หรือข้อมูลใหญ่เกินไป",
        "en": "File or form too large",
        "ms": "Fail atau borang terlalu besar",
    },
    "staff_too_large_body": {
        "th": "ไฟล์ที่นำเข้าต้องไม่เกิน 5 MB และข้อมูลในแบบฟอร์มต้องไม่เกิน 2 MB "
        "ระบบยังไม่ได้สร้างหรือบันทึกสิ่งใด กรุณาย้อนกลับแล้วเลือกไฟล์ที่เล็กลงหรือตัดข้อความให้สั้นลง",
        "en": "A file to import may be up to 5 MB and a form up to 2 MB. Nothing was created or "
        "saved; please go back and choose a smaller file or shorten the text.",
        "ms": "Fail untuk diimport paling besar 5 MB dan borang 2 MB. Tiada yang dicipta atau "
        "disimpan; sila kembali dan pilih fail yang lebih kecil atau pendekkan teks.",
    },
}


def current_language() -> str:
    """Return the language asked for by ?lang=, a form's lang field, the cookie, or Thai."""
    for candidate in (
        request.args.get("lang"),
        _posted_language(),
        request.cookies.get(LANGUAGE_COOKIE),
    ):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


def _posted_language() -> str | None:
    try:
        return request.form.get("lang")
    except RequestEntityTooLarge:
        return None


def translate(key: str, language: str | None = None, **values: object) -> str:
    """Return the message `key` in `language` (default: the current one), filled with values."""
    texts = MESSAGES[key]
    text = texts.get(language or current_language()) or texts[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text
