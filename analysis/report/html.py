"""Draw a report as one self-contained, print-ready HTML page: A4, Sarabun, inline SVG charts."""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from html import escape
from pathlib import Path

import fontpkg_sarabun

from analysis.report.blocks import Bullets
from analysis.report.blocks import Chart
from analysis.report.blocks import Heading
from analysis.report.blocks import Paragraph
from analysis.report.blocks import Report
from analysis.report.blocks import Table
from analysis.report.blocks import numbered_captions
from analysis.report.blocks import safe_report

FONT_FILES = {400: "Sarabun-Regular.ttf", 700: "Sarabun-Bold.ttf"}  # embedded: no external files
_RE_SVG_START = re.compile(r"^.*?(?=<svg)", re.DOTALL)  # drop the XML prolog and DOCTYPE
_RE_SVG_ID = re.compile(r'\bid="([^"]+)"')
_ALIGN = {"l": "left", "c": "center", "r": "right"}
KEPT_TABLE_ROWS = 12  # a table this short is never split across pages (as in the DOCX)
STYLE = """
@page { size: A4; margin: 2cm 2cm 2cm 2.3cm; }
html { font-family: "Sarabun", "TH SarabunPSK", "TH Sarabun New", sans-serif; font-size: 11pt;
  line-height: 1.6; color: #111; }
body { margin: 0 auto; max-width: 17cm; }
@media screen { body { padding: 1.5cm 0; } }
@media print { body { max-width: none; } }
h1.title { text-align: center; font-size: 18pt; margin: 0 0 .2em; }
p.subtitle { text-align: center; font-size: 14pt; font-weight: 700; margin: 0 0 1.5em; }
h1 { font-size: 15pt; margin: 1.4em 0 .4em; break-after: avoid; }
h2 { font-size: 12.5pt; margin: 1em 0 .3em; break-after: avoid; }
h3 { font-size: 12pt; margin: .8em 0 .3em; break-after: avoid; }
p { margin: .2em 0 .4em; }
p.note { font-size: 9.5pt; color: #444; }
table { border-collapse: collapse; width: 99.5%; table-layout: fixed; margin: .3em 0 1em;
  font-size: 10.5pt; }
table.kept { break-inside: avoid; }
caption { caption-side: top; text-align: left; font-weight: 700; padding-bottom: .2em; }
th, td { border: 1px solid #777; padding: .15em .4em; vertical-align: top; }
th { background: #d9e2f3; text-align: center; }
tr.total td { font-weight: 700; }
thead { display: table-header-group; }
tr, li { break-inside: avoid; }
p.lead { break-after: avoid; }
figure { margin: .5em 0 1.2em; text-align: center; break-inside: avoid; }
figure svg { width: 100%; height: auto; }
figcaption { font-size: 10pt; }
ul { margin: .1em 0 .6em; padding-left: 1.4em; }
"""


@lru_cache(maxsize=1)
def font_faces() -> str:
    """Return @font-face rules with the Sarabun files embedded as data URIs."""
    root = Path(fontpkg_sarabun.ROOT) / "files"
    rules = []
    for weight, name in FONT_FILES.items():
        data = base64.b64encode((root / name).read_bytes()).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "Sarabun"; font-weight: {weight}; font-style: normal; '
            f'src: url("data:font/ttf;base64,{data}") format("truetype"); }}'
        )
    return "\n".join(rules)


def inline_svg(svg: bytes, prefix: str) -> str:
    """Return SVG markup fit to sit in a page, its ids prefixed so charts do not clash."""
    text = _RE_SVG_START.sub("", svg.decode("utf-8"), count=1)
    for name in set(_RE_SVG_ID.findall(text)):
        new = f"{prefix}-{name}"
        text = text.replace(f'id="{name}"', f'id="{new}"').replace(f"#{name})", f"#{new})")
        text = text.replace(f'href="#{name}"', f'href="#{new}"')
    return text


def _cell(text: str, align: str) -> str:
    indent = (len(text) - len(text.lstrip(" "))) // 4  # leading spaces mark a sub-row
    padding = f";padding-left:{0.4 + 1.2 * indent:.1f}em" if indent else ""
    return f'<td style="text-align:{_ALIGN[align]}{padding}">{escape(text.strip())}</td>'


def _table(table: Table, caption: str) -> str:
    total = sum(table.widths)
    widths = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in table.widths)
    head = "".join(f"<th>{escape(h)}</th>" for h in table.header)
    rows = []
    for index, row in enumerate(table.rows):
        cells = "".join(_cell(v, a) for v, a in zip(row, table.align, strict=True))
        css = ' class="total"' if index in table.bold_rows else ""
        rows.append(f"<tr{css}>{cells}</tr>")
    # A short table stays on one page; a long one may break between rows, its header repeated,
    # rather than leave half a page blank before it.
    kept = ' class="kept"' if len(table.rows) <= KEPT_TABLE_ROWS else ""
    return (
        f"<table{kept}><caption>{escape(caption)}</caption><colgroup>{widths}</colgroup>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _block(block: object, caption: str, index: int) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{escape(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        css = ' class="note"' if block.note else (' class="lead"' if block.bold else "")
        text = f"<strong>{escape(block.text)}</strong>" if block.bold else escape(block.text)
        return f"<p{css}>{text}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Table):
        return _table(block, caption)
    if isinstance(block, Chart):
        svg = inline_svg(block.draw("svg"), f"c{index}")
        return f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>"
    raise TypeError(f"cannot draw {type(block).__name__}")


def html_page(report: Report) -> str:
    """Return the report as one HTML page that needs no other file."""
    report = safe_report(report)
    captions = numbered_captions(report.blocks)
    body = "\n".join(_block(b, captions.get(i, ""), i) for i, b in enumerate(report.blocks))
    return (
        '<!doctype html>\n<html lang="th">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(report.title)} {escape(report.subtitle)}</title>\n"
        f"<style>\n{font_faces()}\n{STYLE}</style>\n</head>\n<body>\n"
        f'<h1 class="title">{escape(report.title)}</h1>\n'
        f'<p class="subtitle">{escape(report.subtitle)}</p>\n{body}\n</body>\n</html>\n'
    )


def html_bytes(report: Report) -> bytes:
    """Return the report as UTF-8 HTML bytes."""
    return html_page(report).encode("utf-8")
