"""Theme speed end to end (raw text in, themes out) beside a baseline measured in the same run.

Usage: python bench/themes_speed.py DATA.csv [DATA.csv ...] [--sizes 1000] [--refit 5000]
       [--csv-rows 50000] [--repeats 3]

Texts are drawn with replacement from the ``text`` column of the CSVs (seed 0), each run a new
draw with a number appended to every text, so that no text is the same as in an earlier run
and every answer is encoded. Figures are medians over the repeats:

- ``new``: ThemeModel on answers never seen, encoding included (and shown apart), with the
  encoder already loaded; its load is timed once, apart.
- ``refit``: ThemeModel on answers whose sentence vectors are kept (as the app keeps them in its
  database), so nothing is encoded; the process has read (cleaned and segmented) the answers in
  an earlier fit, as a dashboard's worker has. ``refit, unread``: the same with the process's
  memory of read answers emptied first, as a worker that has not seen them yet. ``refit, app``:
  what the app does around the fit too (``fit_suggestion_themes``: cleaning the answers,
  flagging repeats, splitting them into points, then the fit), vectors kept, in a process that
  has done it before; reading the kept vectors from the database is not included.
- ``csv``: ``./sala run themes`` on a CSV of that many rows, start-up, cleaning, encoding and
  writing included, as one run (progress goes to stderr, shown here).
- baseline: newmm (nlpo3) tokens -> TF-IDF -> k-means with k=10, one initialisation, no
  cleaning, on the same texts.

Beside the wall-clock seconds, "CPU s" gives the processor seconds of this process (and, for
``csv``, of the command and its encoding processes): on a machine shared with other jobs the wall
clock grows with their load, the CPU seconds much less. The load average is printed at the start
and the end.

It also prints the resident memory (RSS) of a fresh process that has created the app, before and
after the encoder loads: what a worker that fits themes pays, and one that only serves
participants does not.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.questionnaire.model import Questionnaire
from analysis.text.tokens import segment
from analysis.themes.encoder import UniversalSentenceEncoder
from analysis.themes.model import ThemeModel
from analysis.themes.model import forget_readings
from analysis.themes.opinions import fit_suggestion_themes

ROOT = Path(__file__).resolve().parents[1]
BASELINE_K = 10
TARGETS = {"new": 5.0, "refit": 2.0, "csv": 180.0}  # seconds, from issue 13
ONE_QUESTION = Questionnaire.from_dict(
    {
        "id": "bench",
        "title": "bench",
        "sections": [
            {
                "id": "s",
                "title": "s",
                "questions": [{"id": "idea", "type": "long_text", "label": "idea"}],
            }
        ],
    }
)
RSS_SCRIPT = """
import re
from pathlib import Path
def rss():
    return int(re.search(r"VmRSS:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1)) / 1024
from survey import create_app
import tempfile
app = create_app({"TESTING": True, "DATA_DIR": tempfile.mkdtemp(), "SEED_DEMO": False})
before = rss()
from analysis.themes.encoder import UniversalSentenceEncoder
UniversalSentenceEncoder().encode(["ทดสอบ"])
print(f"{before:.0f} {rss():.0f}")
"""


class KeptVectors:
    """An encoder that has every text's vector already, as the app has after the first fit."""

    def __init__(self, texts: Sequence[str], vectors: np.ndarray, version: str) -> None:
        self.version = version
        self.kept = dict(zip(texts, vectors, strict=True))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return the kept vectors."""
        return np.array([self.kept[t] for t in texts], dtype=np.float32)


class TimedEncoder(UniversalSentenceEncoder):
    """The real encoder, adding up the seconds it spends encoding."""

    seconds = 0.0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return the vectors; count the time."""
        start = time.perf_counter()
        try:
            return super().encode(texts)
        finally:
            self.seconds += time.perf_counter() - start


def baseline(texts: list[str]) -> np.ndarray:
    """Return k-means labels of TF-IDF on newmm tokens."""
    vectorizer = TfidfVectorizer(
        tokenizer=segment, token_pattern=None, lowercase=False, preprocessor=None
    )
    return KMeans(BASELINE_K, n_init=1, random_state=0).fit_predict(vectorizer.fit_transform(texts))


def timed(method: Callable[..., object], *args: object) -> float:
    """Return the wall-clock seconds of one call of ``method(*args)``; add its CPU seconds to
    ``CPU``."""
    start, cpu = time.perf_counter(), time.process_time()
    method(*args)
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - start


CPU: list[float] = []  # processor seconds of the calls ``timed`` made, in order


def cpu_of(calls: int) -> float:
    """Return the median CPU seconds of the last ``calls`` timed calls."""
    return statistics.median(CPU[-calls:])


def fit_unread(texts: list[str], encoder: object) -> None:
    """Fit themes as a process that has not read these answers before."""
    forget_readings()
    fit(texts, encoder)


def fit(texts: list[str], encoder: object) -> None:
    """Fit themes with ``encoder``."""
    ThemeModel(encoder=encoder).fit(texts)


def draw(pool: np.ndarray, size: int, run: int) -> list[str]:
    """Return ``size`` texts drawn from ``pool``, each made new by the run and its position."""
    rng = np.random.default_rng(run)
    return [f"{t} {run}{i}" for i, t in enumerate(pool[rng.integers(0, len(pool), size)])]


def new_answers(pool: np.ndarray, size: int, repeats: int) -> dict[str, object]:
    """Return median seconds of themes on new answers, encoding apart, beside the baseline."""
    totals, encoding, base, cpu = [], [], [], []
    for run in range(repeats):
        texts = draw(pool, size, run)
        encoder = TimedEncoder()
        totals.append(timed(fit, texts, encoder))
        cpu.append(cpu_of(1))
        encoding.append(encoder.seconds)
        base.append(timed(baseline, texts))
    return row("new", size, totals, base, statistics.median(encoding), statistics.median(cpu))


def refit(pool: np.ndarray, size: int, repeats: int) -> list[dict[str, object]]:
    """Return median seconds of refitting themes on answers whose vectors are kept, by a
    process that has read them before and by one that has not."""
    texts = draw(pool, size, 100)
    encoder = UniversalSentenceEncoder()
    model = ThemeModel(encoder=encoder).fit(texts)  # the first fit, which encodes
    sentences = list(encoder._memory)
    kept = KeptVectors(sentences, np.array([encoder._memory[s] for s in sentences]), "kept")
    assert len(model.labels_) == size
    rows = []
    for name, method in (("refit", fit), ("refit, unread", fit_unread)):
        totals = [timed(method, texts, kept) for _ in range(repeats)]
        cpu = cpu_of(repeats)
        base = [timed(baseline, texts) for _ in range(repeats)]
        rows.append(row(name, size, totals, base, 0.0, cpu))
    frame = pd.DataFrame({"response_id": range(size), "idea": texts})
    app_fit(frame, encoder)  # the points' vectors, and the app's first refit in this process
    points = list(encoder._memory)
    kept = KeptVectors(points, np.array([encoder._memory[p] for p in points]), "kept")
    totals = [timed(app_fit, frame, kept) for _ in range(repeats)]
    cpu = cpu_of(repeats)
    base = [timed(baseline, texts) for _ in range(repeats)]
    rows.append(row("refit, app", size, totals, base, 0.0, cpu))
    return rows


def app_fit(frame: pd.DataFrame, encoder: Any) -> None:
    """Fit themes as the app does for one long-text question of ``frame``."""
    model, _ = fit_suggestion_themes(frame, ONE_QUESTION, encoder_for=lambda points: encoder)
    assert model is not None


def csv_run(pool: np.ndarray, size: int) -> dict[str, object]:
    """Return the seconds of ``./sala run themes`` on a CSV of ``size`` new rows."""
    texts = draw(pool, size, 200)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.csv"
        pd.DataFrame({"text": texts}).to_csv(path, index=False)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [str(ROOT / "sala"), "run", "themes", str(path), "--column", "text"],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    progress = [line for line in done.stderr.splitlines() if line.strip()]
    click.echo("csv stderr (progress):\n  " + "\n  ".join(progress[-6:]))
    base = [timed(baseline, texts)]
    return row("csv", size, [seconds], base, float("nan"), cpu)


def row(
    name: str, size: int, totals: list[float], base: list[float], encoding: float, cpu: float
) -> dict[str, object]:
    """Return one line of the results table."""
    ours = statistics.median(totals)
    return {
        "case": name,
        "answers": size,
        "ThemeModel s": ours,
        "of which encoding s": encoding,
        "CPU s": cpu,
        "baseline s": statistics.median(base),
        "ratio": ours / statistics.median(base),
        "target s": TARGETS[name.split(",")[0]],
        "within target": "yes" if ours < TARGETS[name.split(",")[0]] else "no",
    }


def worker_memory() -> str:
    """Return the RSS of a fresh app process before and after the encoder loads, in MB."""
    out = subprocess.run(
        [sys.executable, "-c", RSS_SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    return f"worker RSS: {out[0]} MB with the app created, {out[1]} MB after the encoder loads"


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--sizes", default="1000", help="numbers of new answers to time")
@click.option("--refit", "refit_size", default=5000, help="stored answers to refit (0: skip)")
@click.option("--csv-rows", default=50000, help="rows of the CSV for the command (0: skip)")
@click.option("--repeats", default=3, help="runs per measurement (median reported)")
def main(paths: tuple[Path, ...], sizes: str, refit_size: int, csv_rows: int, repeats: int) -> None:
    """Print median seconds of ThemeModel and the baseline for each case, and their ratio."""
    click.echo(f"load average at the start: {load()}")
    pool = pd.concat([pd.read_csv(p, encoding="utf-8-sig")["text"] for p in paths])
    texts = pool.astype(str).to_numpy()
    start = time.perf_counter()
    UniversalSentenceEncoder().encode(["โหลด"])
    click.echo(f"encoder load: {time.perf_counter() - start:.1f} s (once per process)")
    ThemeModel(encoder=None).fit(texts[:50].tolist())  # the dictionaries, outside the timings
    rows = [new_answers(texts, int(s), repeats) for s in sizes.split(",")]
    if refit_size:
        rows.extend(refit(texts, refit_size, repeats))
    if csv_rows:
        rows.append(csv_run(texts, csv_rows))
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    click.echo(worker_memory())
    click.echo(f"load average at the end: {load()}")


def load() -> str:
    """Return the 1, 5 and 15 minute load averages of the machine."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
