"""Make the README's screenshots: `python docs/screenshots.py` (needs Debian's chromium);
`python docs/screenshots.py editor` makes only the questionnaire editor's.

Serves a demo database in a temporary folder and photographs what a person sees.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.questionnaire.load import load_directory  # noqa: E402
from analysis.questionnaire.model import Questionnaire  # noqa: E402
from analysis.report.build import render_report  # noqa: E402
from analysis.report.charts import likert_chart  # noqa: E402
from analysis.report.workshop import build_workshop_report  # noqa: E402
from analysis.stats.ratings import level_distribution  # noqa: E402
from analysis.stats.ratings import summarize_ratings  # noqa: E402
from analysis.text.privacy import mask_personal_data  # noqa: E402
from survey import auth  # noqa: E402
from survey import create_app  # noqa: E402
from survey import dashboard  # noqa: E402
from survey import results  # noqa: E402
from survey import store  # noqa: E402
from survey.commands import demo  # noqa: E402

OUT = ROOT / "docs"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
PROJECTOR = {"width": 1280, "height": 720}
STAFF = ("facilitator", "screenshot-password")
A4 = {"width": 794, "height": 1123}
SATISFACTION = ("speaker", "content", "duration", "venue", "food", "documents")


def main() -> None:
    app = create_app(
        {
            "DATA_DIR": Path(tempfile.mkdtemp()),
            "SEED_DEMO": True,
            "PUBLIC_URL": "http://192.168.1.20:5000",
        }
    )
    with app.app_context():
        store.migrate()
        workshop_id = demo.seed_demo(load_directory(app.config["QUESTIONNAIRE_DIR"]))
        session = store.list_sessions()[1]
        store.create_user(STAFF[0], auth.hash_password(STAFF[1]), "admin")
        full = store.session_by_id(session["id"])
        texts = dashboard.texts([full], store.questionnaires_of([full]), limit=100)
        store.set_moderation([t["id"] for t in texts[:8]], "approved", None)
        parts = results.workshop_parts(workshop_id, app.config["TIMEZONE"])
        details = results.workshop_details(store.find_workshop(str(workshop_id)) or {})
    overall = max(parts, key=lambda p: len(p.questionnaire.questions))
    summary = summarize_ratings(overall.frame, overall.questionnaire)
    levels = level_distribution(overall.frame, overall.questionnaire)
    chart = likert_chart(levels, summary[summary["item_id"].isin(SATISFACTION)])
    (OUT / "chart-likert.png").write_bytes(chart)
    report = build_workshop_report(parts, details, mask=mask_personal_data)
    report_html = Path(tempfile.mkdtemp()) / "report.html"
    report_html.write_bytes(render_report(report, "html"))
    with app.app_context():
        editor_id = editor_questionnaire(workshop_id)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        editor_page(browser, base, editor_id)
        if sys.argv[1:] == ["editor"]:
            browser.close()
            server.shutdown()
            print(f"wrote editor.png in {OUT}")
            return
        page = browser.new_page(
            viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=1
        )
        page.goto(f"{base}/j/{session['code']}")
        page.locator('input[name="speaker"][value="5"]').tap()
        page.locator('input[name="content"][value="4"]').tap()
        page.screenshot(path=OUT / "phone-form.png")
        a4 = browser.new_page(viewport=A4, device_scale_factor=1)
        a4.goto(report_html.as_uri())
        a4.locator("figure").first.evaluate("figure => figure.scrollIntoView()")  # the profile
        a4.evaluate("window.scrollBy(0, -40)")
        a4.screenshot(path=OUT / "report-page.png")
        staff_pages(browser, base, session["id"])
        browser.close()
    server.shutdown()
    print(
        "wrote editor.png, phone-form.png, chart-likert.png, report-page.png, dashboard.png, "
        f"projector-join.png and projector-chart.png in {OUT}"
    )


def staff_pages(browser: Any, base: str, session_id: int) -> None:
    """Photograph the facilitator's dashboard and two projector slides."""
    context = browser.new_context(viewport=LAPTOP, device_scale_factor=1, locale="th-TH")
    page = context.new_page()
    page.goto(f"{base}/login?next=/staff/sessions/{session_id}/dashboard")
    page.get_by_label("ชื่อผู้ใช้").fill(STAFF[0])
    page.get_by_label("รหัสผ่าน").fill(STAFF[1])
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/dashboard")
    page.locator("#words li b").first.wait_for()
    page.get_by_role("button", name="จัดกลุ่มใหม่").click()
    page.locator("#themes .theme").first.wait_for()
    page.screenshot(path=OUT / "dashboard.png", full_page=True)
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{base}/staff/sessions/{session_id}/present")
    page.locator("#count", has_text="24").wait_for()
    page.screenshot(path=OUT / "projector-join.png")
    page.keyboard.press("PageDown")
    page.screenshot(path=OUT / "projector-chart.png")
    context.close()


def editor_questionnaire(workshop_id: int) -> int:
    """Store the demo workshop's own questionnaire: a role question, a condition, a 0-10 scale."""
    data = load_directory(ROOT / "data" / "questionnaires")["session_feedback"].to_dict()
    data["id"] = "pattani_lecture"
    data["title"] = {"th": "แบบประเมินการบรรยาย ปัตตานี", "en": "Lecture feedback, Pattani"}
    data["intro"] = {"th": "ใช้เวลาประมาณ 2 นาที คำตอบไม่ระบุชื่อ", "en": "About 2 minutes; anonymous"}
    role = {
        "id": "role",
        "type": "single_choice",
        "required": True,
        "label": {"th": "ตำแหน่งของท่าน", "en": "Your position", "ms": "Jawatan anda"},
        "options": [
            {"value": "officer", "label": {"th": "ปลัดอำเภอ", "en": "District officer"}},
            {"value": "leader", "label": {"th": "ผู้นำท้องที่", "en": "Local leader"}},
            {"value": "other", "label": {"th": "อื่น ๆ", "en": "Other"}},
        ],
    }
    other = {
        "id": "role_other",
        "type": "short_text",
        "label": {"th": "ตำแหน่งอื่น โปรดระบุ", "en": "Other position"},
        "show_if": {"question": "role", "values": ["other"]},
    }
    questions = data["sections"][0]["questions"]
    questions[:0] = [role, other]
    recommend = next(q for q in questions if q["id"] == "recommend")
    recommend["min_label"] = {"th": "ไม่แนะนำเลย", "en": "Not at all"}
    recommend["max_label"] = {"th": "แนะนำอย่างยิ่ง", "en": "Certainly"}
    form = Questionnaire.from_dict(data)
    return store.create_questionnaire(form, workshop_id, None)


def editor_page(browser: Any, base: str, row_id: int) -> None:
    """Photograph the editor of a question beside its phone preview."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, device_scale_factor=1, locale="th-TH"
    )
    page = context.new_page()
    page.goto(f"{base}/login?next=/staff/questionnaires/{row_id}/questions/role_other")
    page.get_by_label("ชื่อผู้ใช้").fill(STAFF[0])
    page.get_by_label("รหัสผ่าน").fill(STAFF[1])
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_selector("#question-form")
    frame = page.frame_locator("#preview")
    frame.get_by_text("อื่น ๆ", exact=True).click()  # the conditional question appears
    frame.locator('fieldset[data-q="role_other"]').wait_for(state="visible")
    frame.locator('fieldset[data-q="role"]').evaluate(
        "node => window.scrollTo(0, node.offsetTop - 60)"
    )
    page.screenshot(path=OUT / "editor.png")
    page.goto(f"{base}/staff/questionnaires/{row_id}")
    page.screenshot(path=Path(tempfile.gettempdir()) / "sala-editor-page.png", full_page=True)
    context.close()


if __name__ == "__main__":
    main()
