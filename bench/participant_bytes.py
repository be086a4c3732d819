"""Benchmark: bytes on the wire of each participant page, plain and compressed.

    python bench/participant_bytes.py

Builds a fresh app with the two shipped questionnaires and fetches every participant page
through Flask's HTTP stack, as a phone would, once per Accept-Encoding. Prints the body bytes
(headers not counted). Target: the full evaluation form under 8 KB compressed.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.questionnaire.load import load_directory  # noqa: E402
from survey import create_app  # noqa: E402
from survey import store  # noqa: E402

ENCODINGS = ("identity", "gzip", "br", "zstd")
TARGET_BYTES = 8_000
_RE_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_RE_TOKEN = re.compile(r'id="token" name="token" type="hidden" value="([^"]+)"')


def main() -> None:
    app = create_app({"TESTING": True, "DATA_DIR": Path(tempfile.mkdtemp()), "SEED_DEMO": False})
    with app.app_context():
        store.migrate()
        questionnaires = load_directory(ROOT / "data" / "questionnaires")
        codes = {}
        for name, questionnaire in questionnaires.items():
            spec = {
                "title": "สัมมนาเชิงปฏิบัติการ ปัตตานี",
                "venue": "ปัตตานี",
                "organiser": "ศอ.บต.",
                "starts_on": dt.date(2019, 8, 20),
                "ends_on": dt.date(2019, 8, 20),
                "days": [
                    {
                        "date": dt.date(2019, 8, 20),
                        "title": "วันที่ 1",
                        "sessions": [{"title": "บรรยาย", "questionnaire": questionnaire}],
                    }
                ],
            }
            workshop = store.create_workshop(spec)
            codes[name] = store.list_sessions(workshop)[0]["code"]
    client = app.test_client()
    short, full = codes["session_feedback"], codes["workshop_evaluation"]
    html = client.get(f"/j/{short}").get_data(as_text=True)
    csrf, token = _RE_CSRF.search(html).group(1), _RE_TOKEN.search(html).group(1)  # type: ignore[union-attr]
    errors = client.post(f"/j/{short}/send", data={"csrf_token": csrf, "token": token})
    pages: dict[str, tuple[str, str, dict[str, str] | None]] = {
        "start": ("GET", "/", None),
        "full form (th)": ("GET", f"/j/{full}?lang=th", None),
        "full form (en)": ("GET", f"/j/{full}?lang=en", None),
        "full form (ms)": ("GET", f"/j/{full}?lang=ms", None),
        "short form (th)": ("GET", f"/j/{short}?lang=th", None),
        "form with errors": ("POST", f"/j/{short}/send", {"csrf_token": csrf, "token": token}),
        "poster": ("GET", f"/j/{short}/poster", None),
        "participant.css": ("GET", "/static/participant.css", None),
        "participant.js": ("GET", "/static/participant.js", None),
    }
    assert errors.status_code == 422
    print(f"{'page':<20}" + "".join(f"{e:>10}" for e in ENCODINGS))
    sizes: dict[str, dict[str, int]] = {}
    for name, (method, path, data) in pages.items():
        sizes[name] = {}
        for encoding in ENCODINGS:
            reply = client.open(
                path, method=method, data=data, headers={"Accept-Encoding": encoding}
            )
            sizes[name][encoding] = len(reply.get_data())
            reply.close()
        print(f"{name:<20}" + "".join(f"{sizes[name][e]:>10,}" for e in ENCODINGS))
    worst = max(sizes[f"full form ({lang})"]["gzip"] for lang in ("th", "en", "ms"))
    verdict = "meets" if worst < TARGET_BYTES else "misses"
    print(
        f"full evaluation form, gzip: {worst:,} bytes: {verdict} the {TARGET_BYTES:,}-byte target"
    )


if __name__ == "__main__":
    main()
