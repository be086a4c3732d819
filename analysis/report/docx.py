"""Draw a report as a Word document (A4, Thai government font) the analyst can edit."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.shared import Pt
from docx.shared import RGBColor
from docx.styles.style import BaseStyle
from docx.table import _Cell
from docx.table import _Row
from docx.text.run import Run

from analysis.report.blocks import Bullets
from analysis.report.blocks import Chart
from analysis.report.blocks import Heading
from analysis.report.blocks import Paragraph
from analysis.report.blocks import Report
from analysis.report.blocks import Table
from analysis.report.blocks import numbered_captions
from analysis.report.blocks import safe_report

# The font Thai government documents are set in (งานสารบรรณ); its letters are small, hence 16 pt.
DEFAULT_DOCX_FONT = "TH SarabunPSK"
DEFAULT_DOCX_SIZE = 16
HEADING_SIZES = {0: 22, 1: 18, 2: 16, 3: 16}
NOTE_SIZE = 14
TABLE_SIZE = 14
HEADER_FILL = "D9E2F3"
KEEP_WHOLE_TABLE_ROWS = 12  # a table this short never splits across pages
KEEP_FIRST_ROWS = 2  # a longer one starts with its header and at least these rows together
_ALIGN = {
    "l": WD_ALIGN_PARAGRAPH.LEFT,
    "c": WD_ALIGN_PARAGRAPH.CENTER,
    "r": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _size_cs(rpr: Any, size: float) -> None:
    """Size complex-script (Thai) text like the rest; Word sizes Thai by w:szCs, not w:sz."""
    existing = rpr.find(qn("w:szCs"))
    if existing is not None:
        rpr.remove(existing)
    element = OxmlElement("w:szCs")
    element.set(qn("w:val"), str(int(size * 2)))
    rpr.find(qn("w:sz")).addnext(element)  # schema order: szCs follows sz


def _set_font(style: BaseStyle, size: int, bold: bool = False) -> None:
    """Give a style the Thai font for Latin and complex-script (Thai) text alike."""
    font = style.font  # type: ignore[attr-defined]
    font.name = DEFAULT_DOCX_FONT
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for key in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(key), None)  # a theme font would override the named one
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), DEFAULT_DOCX_FONT)
    if bold:
        rpr.get_or_add_bCs()
    _size_cs(rpr, size)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:bidi"), "th-TH")


def _style_run(run: Run, bold: bool = False, size: float | None = None) -> None:
    """Make a run bold and sized for Thai too (w:bCs, w:szCs), not only for Latin letters."""
    rpr = run._element.get_or_add_rPr()
    if bold:
        run.bold = True
        rpr.get_or_add_bCs()
    if size:
        run.font.size = Pt(size)
        _size_cs(rpr, size)


def _new_document() -> DocumentType:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.3)
    section.top_margin = section.bottom_margin = Cm(2.0)
    _set_font(document.styles["Normal"], DEFAULT_DOCX_SIZE)
    document.styles["Normal"].paragraph_format.space_after = Pt(2)  # type: ignore[attr-defined]
    for level, size in HEADING_SIZES.items():
        if level:
            _set_font(document.styles[f"Heading {level}"], size, bold=True)
    _set_font(document.styles["List Bullet"], DEFAULT_DOCX_SIZE)
    return document


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _fill_cell(cell: _Cell, text: str, align: str, bold: bool) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = _ALIGN[align]
    paragraph.paragraph_format.space_after = Pt(0)
    _style_run(paragraph.add_run(text), bold, TABLE_SIZE)


def _row_flags(row: _Row, header: bool) -> None:
    """Keep a row on one page; repeat the header row on every page the table spans."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _keep_together(cells: list[Any], body_rows: int) -> None:
    """Keep a short table on one page, and a long one's header with its first rows: each
    kept row's paragraphs keep with the next row (Word and LibreOffice honour it in tables)."""
    kept = body_rows if body_rows <= KEEP_WHOLE_TABLE_ROWS else KEEP_FIRST_ROWS
    for row_cells in cells[:kept]:
        for cell in row_cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _add_table(document: DocumentType, table: Table, caption: str) -> None:
    title = document.add_paragraph()
    title.paragraph_format.keep_with_next = True
    _style_run(title.add_run(caption), bold=True)
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    rows = list(grid.rows)
    # Each row's cells read once: python-docx's grid.cell(r, c) walks the whole table per call.
    cells = [row.cells for row in rows]
    for index, row in enumerate(rows):
        _row_flags(row, header=index == 0)
    for column, name in enumerate(table.header):
        _fill_cell(cells[0][column], name, "c", bold=True)
        _shade(cells[0][column], HEADER_FILL)
    for index, values in enumerate(table.rows):
        bold = index in table.bold_rows
        for column, text in enumerate(values):
            _fill_cell(cells[index + 1][column], text, table.align[column], bold)
    _keep_together(cells, len(table.rows))
    for column, width in enumerate(table.widths):
        grid.columns[column].width = Cm(width)  # the grid LibreOffice reads
        for row_cells in cells:
            row_cells[column].width = Cm(width)  # the cell widths Word reads
    document.add_paragraph()


def _add_chart(document: DocumentType, chart: Chart, caption: str) -> None:
    document.add_picture(io.BytesIO(chart.draw("png")), width=Cm(chart.width_cm))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(12)
    _style_run(paragraph.add_run(caption), size=NOTE_SIZE)


def _add_paragraph(document: DocumentType, block: Paragraph) -> None:
    paragraph = document.add_paragraph()
    # A bold line introduces what follows (a theme's quotes): never alone at a page's foot.
    paragraph.paragraph_format.keep_with_next = block.bold
    _style_run(paragraph.add_run(block.text), block.bold, NOTE_SIZE if block.note else None)


def docx_bytes(report: Report) -> bytes:
    """Return the report as a DOCX file."""
    report = safe_report(report)
    document = _new_document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _style_run(title.add_run(report.title), bold=True, size=HEADING_SIZES[0])
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _style_run(subtitle.add_run(report.subtitle), bold=True, size=HEADING_SIZES[1])
    captions = numbered_captions(report.blocks)
    for index, block in enumerate(report.blocks):
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            _add_paragraph(document, block)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _add_table(document, block, captions[index])
        elif isinstance(block, Chart):
            _add_chart(document, block, captions[index])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
