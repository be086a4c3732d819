"""The clean and themes commands on good and bad CSV input, through click's CliRunner."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from analysis.themes.edits import ThemeEdits
from analysis.themes.model import ThemeModel
from survey.commands.text import clean_command
from survey.commands.themes import themes_command
from tests.conftest import THEMES

Suggestions = tuple[list[str], list[str]]


@pytest.fixture
def runner() -> CliRunner:
    """Return a CLI runner (stderr kept apart from stdout)."""
    return CliRunner()


def write_csv(
    path: Path, texts: list[str | None], encoding: str = "utf-8-sig", sep: str = ","
) -> Path:
    """Write a CSV with an id column and a free-text column named opinion."""
    frame = pd.DataFrame({"id": range(1, len(texts) + 1), "opinion": texts})
    frame.to_csv(path, index=False, encoding=encoding, sep=sep)
    return path


def test_clean_writes_columns_to_file(runner: CliRunner, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "in.csv", ["ดีมากกกก โทร 0812345678", "ไม่มีค่ะ", "ดีมากกกก โทร 0812345678", ""]
    )
    out = tmp_path / "out.csv"
    result = runner.invoke(clean_command, [str(source), "--column", "opinion", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert list(frame.columns) == [
        "id",
        "opinion",
        "text_clean",
        "is_empty",
        "empty_reason",
        "is_duplicate",
        "changes",
    ]
    assert frame["text_clean"].tolist() == ["ดีมาก โทร [เบอร์โทร]", "ไม่มีค่ะ", "ดีมาก โทร [เบอร์โทร]", ""]
    assert frame["is_empty"].tolist() == [False, True, False, True]
    assert frame["empty_reason"].tolist() == ["", "no_comment", "", "blank"]
    assert frame["is_duplicate"].tolist() == [False, False, True, False]
    assert frame["changes"].tolist()[0] == "repeat; mask:phone"
    assert frame["id"].tolist() == [1, 2, 3, 4]


@pytest.mark.parametrize("copies", [2, 600])  # 1,200 rows take the chunked, progress-bar path
def test_clean_with_a_respondent_column_flags_only_one_persons_repeats(
    runner: CliRunner, tmp_path: Path, copies: int
) -> None:
    texts = ["แอร์ไม่เย็นค่ะ", "แอร์ไม่เย็น", "แอร์ ไม่เย็น!"] + ["อาหารว่างอร่อย"] * (copies - 2)
    people = ["somchai@example.com", "nurisan@example.com", "somchai@example.com"]
    people += [f"p{n}@example.com" for n in range(copies - 2)]
    source = tmp_path / "in.csv"
    pd.DataFrame({"email": people, "opinion": texts}).to_csv(source, index=False)
    out = tmp_path / "out.csv"
    args = [str(source), "--column", "opinion", "--out", str(out), "--respondent", "email"]
    result = runner.invoke(clean_command, args)
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert frame["is_duplicate"].tolist() == [False, False, True] + [False] * (copies - 2)
    missing = runner.invoke(clean_command, [*args[:-1], "name"])
    assert missing.exit_code == 1
    assert error_line(missing) == (
        f"Error: column 'name' not found in {source}; columns are: email, opinion"
    )


def test_clean_writes_to_stdout_and_neutralises_formulas(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,opinion\n-5,=HYPERLINK(1)\n+1.5,@SUM(A1)\n7,อาหารดี\n", "utf-8")
    result = runner.invoke(clean_command, [str(source), "--column", "opinion"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout.lstrip("\ufeff")))
    assert frame["opinion"].tolist() == ["'=HYPERLINK(1)", "'@SUM(A1)", "อาหารดี"]
    assert frame["id"].tolist() == [-5, 1.5, 7]


@pytest.mark.parametrize(
    ("encoding", "sep"), [("utf-8", ","), ("utf-8-sig", ";"), ("utf-8-sig", "\t")]
)
def test_clean_reads_excel_style_csv(
    runner: CliRunner, tmp_path: Path, encoding: str, sep: str
) -> None:
    source = write_csv(tmp_path / "in.csv", ["อาหาร, ดี", "ห้องเย็น"], encoding=encoding, sep=sep)
    out = tmp_path / "out.csv"
    result = runner.invoke(clean_command, [str(source), "--column", "opinion", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert pd.read_csv(out, encoding="utf-8-sig")["text_clean"].tolist() == ["อาหาร, ดี", "ห้องเย็น"]


def error_line(result: object) -> str:
    """Return the single error line a failed command printed."""
    lines = [line for line in result.output.splitlines() if line.strip()]  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    return lines[0]


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(clean_command, [str(tmp_path / "nope.csv"), "--column", "opinion"])
    assert result.exit_code != 0
    assert error_line(result) == f"Error: file not found: {tmp_path / 'nope.csv'}"


def test_missing_column(runner: CliRunner, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["ดี"])
    result = runner.invoke(themes_command, [str(source), "--column", "comment"])
    assert result.exit_code == 1
    assert (
        error_line(result)
        == f"Error: column 'comment' not found in {source}; columns are: id, opinion"
    )


def test_not_utf8(runner: CliRunner, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["อาหารดีมาก"], encoding="cp874")
    result = runner.invoke(clean_command, [str(source), "--column", "opinion"])
    assert result.exit_code == 1
    assert "is not UTF-8" in error_line(result)


def test_empty_file(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b"")
    result = runner.invoke(themes_command, [str(source), "--column", "opinion"])
    assert result.exit_code == 1
    assert error_line(result) == f"Error: {source} is empty"


def test_column_of_numbers(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,score\n1,4\n2,5\n3,3.5\n", encoding="utf-8")
    result = runner.invoke(clean_command, [str(source), "--column", "score"])
    assert result.exit_code == 1
    assert error_line(result) == f"Error: column 'score' in {source} holds numbers, not text"


def test_bad_theme_count(runner: CliRunner, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["ดี"])
    result = runner.invoke(themes_command, [str(source), "--column", "opinion", "--themes", "many"])
    assert result.exit_code == 2
    assert "'many' is not 'auto' or a positive whole number" in result.output


def test_themes_writes_one_row_per_row(
    runner: CliRunner, tmp_path: Path, suggestions: Suggestions
) -> None:
    texts, _ = suggestions
    multi = "1. อาหารว่างน้อยไป ควรเพิ่มกาแฟ 2. วิทยากรพูดเร็วเกินไป"
    rows: list[str | None] = [*texts, multi, "ไม่มีค่ะ"]
    source = write_csv(tmp_path / "in.csv", rows)
    out = tmp_path / "themes.csv"
    result = runner.invoke(themes_command, [str(source), "--column", "opinion", "--out", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert len(frame) == len(rows)
    assert list(frame.columns) == ["id", "opinion", "theme_id", "theme_label", "unit_themes"]
    assert frame["opinion"].tolist()[:-2] == texts
    food_first = frame.loc[frame["opinion"] == THEMES["food"][0], "theme_id"].iloc[0]
    speaker_first = frame.loc[frame["opinion"] == THEMES["speaker"][0], "theme_id"].iloc[0]
    multi_row = frame.iloc[len(texts)]
    assert multi_row["theme_id"] == food_first  # the first unit's theme
    assert multi_row["unit_themes"].count(":") == 2
    assert multi_row["unit_themes"].startswith(f"{food_first}:")
    assert f"{speaker_first}:" in multi_row["unit_themes"]
    assert frame.iloc[-1]["theme_id"] == ""  # a non-answer gets no theme
    for label in frame["theme_label"].iloc[:-1]:
        assert label in result.stdout  # the printed table names every theme


def test_themes_fixed_count_and_default_output(
    runner: CliRunner, tmp_path: Path, suggestions: Suggestions
) -> None:
    source = write_csv(tmp_path / "answers.csv", list(suggestions[0]))
    result = runner.invoke(themes_command, [str(source), "--column", "opinion", "--themes", "2"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(tmp_path / "answers_themes.csv", encoding="utf-8-sig")
    assert set(frame["theme_id"]) - {-1} <= {0, 1}


def test_personal_data_is_masked_unless_raw_export(runner: CliRunner, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["ติดต่อนายอับดุลเลาะ สาและ 0812345678 ห้องเย็น"])
    out = tmp_path / "out.csv"
    args = [str(source), "--column", "opinion", "--out", str(out)]
    for command in (clean_command, themes_command):
        assert runner.invoke(command, args).exit_code == 0
        text = pd.read_csv(out, encoding="utf-8-sig")["opinion"].iloc[0]
        assert text == "ติดต่อนาย[ชื่อ] [เบอร์โทร] ห้องเย็น"
        assert runner.invoke(command, [*args, "--raw"]).exit_code == 0
        text = pd.read_csv(out, encoding="utf-8-sig")["opinion"].iloc[0]
        assert text == "ติดต่อนายอับดุลเลาะ สาและ 0812345678 ห้องเย็น"


def test_long_input_shows_progress_and_finds_duplicates_across_chunks(
    runner: CliRunner, tmp_path: Path
) -> None:
    texts: list[str | None] = [f"ข้อเสนอแนะที่ {i} ควรเพิ่มเวลาอบรม" for i in range(1_200)]
    texts[1_100] = texts[3]
    source = write_csv(tmp_path / "in.csv", texts)
    out = tmp_path / "out.csv"
    result = runner.invoke(clean_command, [str(source), "--column", "opinion", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "cleaning" in result.stderr
    flags = pd.read_csv(out, encoding="utf-8-sig")["is_duplicate"]
    assert flags.tolist() == [i == 1_100 for i in range(1_200)]


def theme_ids(frame: pd.DataFrame) -> dict[str, int]:
    """Return the theme id of the first answer of each hand-written theme."""
    return {
        name: int(frame.loc[frame["opinion"] == items[0], "theme_id"].iloc[0])
        for name, items in THEMES.items()
    }


def test_themes_re_applies_edits_from_a_json_file(
    runner: CliRunner, tmp_path: Path, suggestions: Suggestions
) -> None:
    texts, gold = suggestions
    model = ThemeModel(random_state=0).fit(texts)
    first = {name: int(model.labels_[gold.index(name)]) for name in THEMES}
    edits = (
        ThemeEdits()
        .rename(model.signatures_[first["food"]], "อาหารและของว่าง")
        .merge(model.signatures_[first["speaker"]], into=model.signatures_[first["venue"]])
    )
    edits_file = tmp_path / "edits.json"
    edits_file.write_text(edits.to_json(), encoding="utf-8")
    source = write_csv(tmp_path / "in.csv", list(texts))
    out = tmp_path / "out.csv"
    args = [str(source), "--column", "opinion", "--out", str(out), "--edits", str(edits_file)]
    result = runner.invoke(themes_command, args)
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    ids = theme_ids(frame)
    assert set(frame.loc[frame["opinion"].isin(THEMES["food"]), "theme_label"]) == {
        "อาหารและของว่าง"
    }
    assert ids["speaker"] == ids["venue"]
    assert len(set(frame["theme_id"]) - {-1}) == 3
    assert "อาหารและของว่าง" in result.stdout
    assert edits_file.read_text(encoding="utf-8") == edits.to_json()  # only read


def test_rename_and_merge_by_printed_ids_are_kept_and_survive_more_answers(
    runner: CliRunner, tmp_path: Path, suggestions: Suggestions
) -> None:
    texts = list(suggestions[0])
    source = write_csv(tmp_path / "in.csv", texts)
    out = tmp_path / "out.csv"
    edits_file = tmp_path / "edits.json"
    args = [str(source), "--column", "opinion", "--out", str(out), "--edits", str(edits_file)]
    plain = runner.invoke(themes_command, args[:5])
    assert plain.exit_code == 0, plain.output
    ids = theme_ids(pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False))
    changes = ["--rename", f"{ids['food']}=อาหารว่าง", "--merge", f"{ids['speaker']}:{ids['venue']}"]
    result = runner.invoke(themes_command, [*args, *changes])
    assert result.exit_code == 0, result.output
    assert f"merge {ids['speaker']} (" in result.stderr
    assert f"kept 2 edits in {edits_file}" in result.stderr
    kept = ThemeEdits.from_json(edits_file.read_text(encoding="utf-8")).edits
    assert [edit["op"] for edit in kept] == ["merge", "rename"]
    assert kept[1]["label"] == "อาหารว่าง"
    assert "อาหารว่าง" in kept[1]["theme"]  # kept by its words, not its id
    edited = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    edited_ids = theme_ids(edited)
    assert edited_ids["speaker"] == edited_ids["venue"]
    assert edited.loc[edited["opinion"] == THEMES["food"][0], "theme_label"].iloc[0] == "อาหารว่าง"

    # the next run with the file alone, on more answers, keeps the name and the merge
    more = write_csv(tmp_path / "in.csv", [*texts, "อาหารว่างตอนบ่ายหมดเร็ว กาแฟไม่พอ"])
    again = runner.invoke(themes_command, [str(more), *args[1:]])
    assert again.exit_code == 0, again.output
    refit = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert refit.loc[refit["opinion"] == THEMES["food"][0], "theme_label"].iloc[0] == "อาหารว่าง"
    assert theme_ids(refit)["speaker"] == theme_ids(refit)["venue"]
    assert len(ThemeEdits.from_json(edits_file.read_text(encoding="utf-8")).edits) == 2


@pytest.mark.parametrize(
    ("content", "extra", "problem"),
    [
        (None, [], "edits file not found: {edits}"),
        ("{oops", [], "{edits} is not a theme edits file: not JSON ("),
        ('{"op": "rename"}', [], "{edits} is not a theme edits file: not a JSON array of edits"),
        (
            '[{"op": "merge", "theme": ["อาหาร"]}]',
            [],
            "{edits} is not a theme edits file: edit 1 (merge): 'into' must be a list of words",
        ),
        ("[]", ["--rename", "9=อาหาร"], "there is no theme 9; the theme ids are: 0, 1, 2, 3"),
        ("[]", ["--rename", "-1=อื่น"], "theme -1 is 'other'"),
        ("[]", ["--merge", "1:1"], "--merge 1:1 merges a theme into itself"),
    ],
)
def test_bad_edits_give_one_error_line_and_change_nothing(
    runner: CliRunner,
    tmp_path: Path,
    suggestions: Suggestions,
    content: str | None,
    extra: list[str],
    problem: str,
) -> None:
    source = write_csv(tmp_path / "in.csv", list(suggestions[0]))
    edits_file = tmp_path / "edits.json"
    if content is not None:
        edits_file.write_text(content, encoding="utf-8")
    args = [str(source), "--column", "opinion", "--edits", str(edits_file), *extra]
    result = runner.invoke(themes_command, args)
    assert result.exit_code == 1
    assert error_line(result).startswith("Error: " + problem.format(edits=edits_file))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (edits_file.read_text(encoding="utf-8") if content is not None else None) == content
    assert not (tmp_path / "in_themes.csv").exists()


def test_rename_and_merge_need_an_edits_file_and_their_own_syntax(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "in.csv", ["ดี"])
    base = [str(source), "--column", "opinion"]
    result = runner.invoke(themes_command, [*base, "--rename", "0=อาหาร"])
    assert result.exit_code == 1
    assert (
        error_line(result) == "Error: --rename and --merge need --edits FILE to keep the edits in"
    )
    edits = str(tmp_path / "edits.json")
    for option, value, problem in (
        ("--rename", "อาหาร", "'อาหาร' is not ID=LABEL"),
        ("--rename", "0=  ", "'0=  ' is not ID=LABEL"),
        ("--merge", "1-0", "'1-0' is not ID:INTO_ID"),
    ):
        result = runner.invoke(themes_command, [*base, "--edits", edits, option, value])
        assert result.exit_code == 2
        assert problem in result.output
    assert not (tmp_path / "edits.json").exists()


def test_themes_shows_progress_while_encoding_a_long_input(
    runner: CliRunner, tmp_path: Path, suggestions: Suggestions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("survey.commands.themes.PROGRESS_ROWS", 10)  # "long" from 10 rows
    texts, _ = suggestions
    source = write_csv(tmp_path / "in.csv", list(texts))
    result = runner.invoke(themes_command, [str(source), "--column", "opinion"])
    assert result.exit_code == 0, result.output
    assert f"finding themes in {len(texts)} suggestions" in result.stderr
    assert "encoding" in result.stderr
    assert "encoding" not in result.stdout  # the table on stdout stays clean
