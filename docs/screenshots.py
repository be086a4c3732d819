"""Make the README's screenshots: `python docs/screenshots.py` (needs Debian's chromium).

Serves a demo database in a temporary folder and photographs what a person sees.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.questionnaire import load_directory  # noqa: E402
from survey import create_app  # noqa: E402
from survey import demo  # noqa: E402
from survey import store  # noqa: E402

OUT = ROOT / "docs"
PHONE = {"width": 390, "height": 844}


def main() -> None:
    app = create_app({"DATA_DIR": Path(tempfile.mkdtemp()), "SEED_DEMO": True})
    with app.app_context():
        store.migrate()
        demo.seed_demo(load_directory(app.config["QUESTIONNAIRE_DIR"]))
        session = store.list_sessions()[1]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(
            viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=1
        )
        page.goto(f"{base}/j/{session['code']}")
        page.locator('input[name="speaker"][value="5"]').tap()
        page.locator('input[name="content"][value="4"]').tap()
        page.screenshot(path=OUT / "phone-form.png")
        browser.close()
    server.shutdown()
    print(f"wrote {OUT / 'phone-form.png'}")


if __name__ == "__main__":
    main()
