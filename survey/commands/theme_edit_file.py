"""Theme edits kept in a JSON file for the ``themes`` command: read, added to by the theme ids
the command printed, and written back.

An id names a theme only within one fit, so ``--rename ID=LABEL`` and ``--merge ID:INTO_ID``
are turned into edits naming the theme by its words (its signature) before they are kept; the
file then holds the same kind of edits the results page stores and ``ThemeEdits.to_json``
writes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from analysis.text.intake import intake_text
from analysis.themes.edits import ThemeEdits

if TYPE_CHECKING:
    from analysis.themes.model import ThemeModel

EDITS_ENCODING = "utf-8"
_RE_RENAME = re.compile(r"^\s*(-?\d+)\s*=(.*)$", re.S)
_RE_MERGE = re.compile(r"^\s*(-?\d+)\s*:\s*(-?\d+)\s*$")


def read_edits(path: Path, may_be_new: bool) -> ThemeEdits:
    """Return the edits kept in ``path`` (none when it is new and may be), or raise
    ClickException naming the problem."""
    if not path.exists() and may_be_new:
        return ThemeEdits()
    if not path.is_file():
        raise click.ClickException(f"edits file not found: {path}")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException(f"{path} is not UTF-8 text") from None
    except OSError as error:
        raise click.ClickException(f"cannot read {path}: {error.strerror}") from None
    if not text.strip():
        return ThemeEdits()
    try:
        return ThemeEdits.from_json(text)
    except ValueError as error:
        raise click.ClickException(f"{path} is not a theme edits file: {error}") from None


def write_edits(path: Path, edits: ThemeEdits) -> None:
    """Write the edits to ``path`` as a JSON array, or raise ClickException."""
    try:
        path.write_text(edits.to_json() + "\n", encoding=EDITS_ENCODING)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror}") from None


def parse_renames(
    ctx: click.Context, param: click.Parameter, values: Sequence[str]
) -> list[tuple[int, str]]:
    """Return ``--rename ID=LABEL`` values as (id, label) pairs."""
    pairs = []
    for value in values:
        found = _RE_RENAME.match(value)
        label = intake_text(found.group(2), single_line=True) if found else ""
        if not found or not label:
            raise click.BadParameter(f"'{value}' is not ID=LABEL, e.g. 2=อาหารว่าง", ctx, param)
        pairs.append((int(found.group(1)), label))
    return pairs


def parse_merges(
    ctx: click.Context, param: click.Parameter, values: Sequence[str]
) -> list[tuple[int, int]]:
    """Return ``--merge ID:INTO_ID`` values as (id, into id) pairs."""
    pairs = []
    for value in values:
        found = _RE_MERGE.match(value)
        if not found:
            raise click.BadParameter(f"'{value}' is not ID:INTO_ID, e.g. 3:0", ctx, param)
        pairs.append((int(found.group(1)), int(found.group(2))))
    return pairs


def _signature(model: ThemeModel, theme: int) -> tuple[str, ...]:
    """Return a theme's words, or raise ClickException when the fit has no such theme."""
    from analysis.themes.model import OTHER_ID

    if theme == OTHER_ID:
        raise click.ClickException(
            f"theme {OTHER_ID} is 'other', answers that fit no theme: it cannot be "
            "renamed or merged"
        )
    if theme not in model.signatures_:
        known = ", ".join(str(t) for t in sorted(model.signatures_)) or "none"
        raise click.ClickException(f"there is no theme {theme}; the theme ids are: {known}")
    return tuple(model.signatures_[theme])


def add_edits(
    model: ThemeModel,
    edits: ThemeEdits,
    renames: Sequence[tuple[int, str]],
    merges: Sequence[tuple[int, int]],
) -> list[str]:
    """Return what was added to ``edits``: the merges, then the renames, of themes named by
    their ids in ``model``'s fit, each kept by its words. Nothing is added when an id is wrong."""
    added = ThemeEdits()
    done = []
    for theme, into in merges:
        if theme == into:
            raise click.ClickException(f"--merge {theme}:{into} merges a theme into itself")
        added.merge(_signature(model, theme), into=_signature(model, into))
        done.append(f"merge {theme} ({model.label_of(theme)}) into {into} ({model.label_of(into)})")
    for theme, label in renames:
        added.rename(_signature(model, theme), label)
        done.append(f"rename {theme} ({model.label_of(theme)}) to {label}")
    edits.edits.extend(added.edits)
    return done
