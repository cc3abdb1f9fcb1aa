"""Writing the corpus's files: Word documents, Excel workbooks and CSV files, in memory.

A table row is a tuple of cells. A cell is a string (a "\\n" starts a new paragraph), `Bold(text)`, `Bullets(...)`,
`MERGED` (merged into the cell on its left) or `ABOVE` (merged into the cell above).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import docx
import openpyxl
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from openpyxl.styles import Font

MERGED = "<merged>"
ABOVE = "<above>"


@dataclass(frozen=True)
class Bold:
    text: str


@dataclass(frozen=True)
class Bullets:
    """A cell of an opening paragraph and bulleted items under it (Word's "List Bullet" style)."""

    opening: str
    items: tuple[str, ...]


class WordDocument:
    """A Word document built paragraph by paragraph and table by table."""

    def __init__(self):
        self.document = docx.Document()

    def title(self, text: str) -> None:
        self.document.add_paragraph(text, style="Title")

    def heading(self, text: str, level: int = 1) -> None:
        self.document.add_heading(text, level=level)

    def paragraph(self, text: str, *, bold: bool = False) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.add_run(text).bold = bold

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, header: tuple, rows: tuple | list, *, repeat_header: bool = True) -> None:
        """A table with a bold header row (marked to repeat on each page, as Word does)."""
        table = self.document.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            _write(cell, Bold(text))
        if repeat_header:
            properties = table.rows[0]._tr.get_or_add_trPr()
            properties.append(OxmlElement("w:tblHeader"))
        for row_index, row in enumerate(rows, start=1):
            for column, content in enumerate(row):
                if content not in (MERGED, ABOVE):
                    _write(table.cell(row_index, column), content)
            for column, content in enumerate(row):
                if content == MERGED:
                    start = column - 1
                    while row[start] == MERGED:
                        start -= 1
                    table.cell(row_index, start).merge(table.cell(row_index, column))
                elif content == ABOVE:
                    table.cell(row_index - 1, column).merge(table.cell(row_index, column))

    def saved(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _write(cell, content) -> None:
    if isinstance(content, Bullets):
        cell.paragraphs[0].add_run(content.opening)
        for item in content.items:
            cell.add_paragraph(item, style="List Bullet")
        return
    bold = isinstance(content, Bold)
    text = content.text if bold else str(content)
    paragraphs = text.split("\n")
    cell.paragraphs[0].add_run(paragraphs[0]).bold = bold or None
    for words in paragraphs[1:]:
        cell.add_paragraph().add_run(words).bold = bold or None


def workbook(sheets: dict[str, list[list]], *, merges: dict[str, list[str]] | None = None, bold_rows=None) -> bytes:
    """An Excel workbook: each sheet's rows from A1 (a value of None is an empty cell), its merged
    ranges ("A5:A7", the text in the first cell), and rows in bold by sheet (1-based)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for number in (bold_rows or {}).get(name, []):
            for cell in sheet[number]:
                cell.font = Font(bold=True)
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_file(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")
