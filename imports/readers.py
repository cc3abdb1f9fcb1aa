"""Reading an uploaded plan into tables of cells: a Word document, an Excel workbook or a CSV file.

`read_upload` picks the reader from the file's name, checks the content really is that kind of
file, and refuses with a plain-English `ImportRefused` whatever it cannot or should not read:
an empty or oversized file, a password-protected, damaged or renamed one, a zip that unpacks to
far more than a plan needs, a file with no table, or one with more rows than an import takes.

Nothing in a file is ever run or fetched: formulas are read as the values Excel saved with them,
a file with macros, ActiveX controls or content linked from elsewhere is refused, as evidence is
(office_files), and XML is parsed without DTDs or entity expansion.
Workbooks are read in openpyxl's read-only (streaming) mode throughout, because its full mode
makes an object for every styled or merged cell, which a small file can make enormous.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import docx
import filetype
import openpyxl
from defusedxml.ElementTree import iterparse
from django.conf import settings
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from openpyxl.utils.cell import range_boundaries

from actionplans import office_files

from .fields import words_of
from .table import Cell, ImportRefused, ReadFile, Table
from .text import clean_cell_text, drop_formula_quote

logger = logging.getLogger("assure.imports")

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COLUMNS = 100
MAX_HEADING_LINES = 20
MAX_HEADING_CHARACTERS = 150

ACCEPTED = "Assure imports a plan from a Word document (.docx), an Excel workbook (.xlsx) or a CSV file (.csv)."


def read_upload(file, name: str) -> ReadFile:
    """The tables in an uploaded file; ImportRefused, saying why and what to do, if it cannot be imported.

    `file` is a binary file object (a Django UploadedFile or an open file); `name` is the name
    the user gave it, whose extension says which reader to use.
    """
    file_format = _format_for(name)
    data = _read_bytes(file)
    if file_format.kind == "csv":
        return _read_csv(data, _base_name(name))
    _check_office_content(data, file_format)
    try:
        return _read_docx(data) if file_format.kind == "docx" else _read_xlsx(data)
    except ImportRefused:
        raise
    except Exception as error:  # a damaged document can break the libraries in many different ways
        logger.info("Could not read %s as %s", name, file_format.kind, exc_info=True)
        raise ImportRefused(_damaged(file_format)) from error


# --- Which kind of file, by name and by content ------------------------------------------------


@dataclass(frozen=True)
class _Format:
    kind: str
    application: str
    save_as: str


_DOCX = _Format("docx", "Word", "Word Document (.docx)")
_XLSX = _Format("xlsx", "Excel", "Excel Workbook (.xlsx)")
_CSV = _Format("csv", "Excel", "CSV (.csv)")
_FORMATS = {"docx": _DOCX, "xlsx": _XLSX, "xlsm": _XLSX, "csv": _CSV}

# What to say about the names Assure does not take: what they are, and what to do instead.
_NOT_ACCEPTED = {
    "doc": (
        "Word 97-2003 documents (.doc)",
        "Open the file in Word, save it as a Word Document (.docx) and upload that.",
    ),
    "xls": (
        "Excel 97-2003 workbooks (.xls)",
        "Open the file in Excel, save it as an Excel Workbook (.xlsx) and upload that.",
    ),
    "xlsb": (
        "Excel binary workbooks (.xlsb)",
        "Open the file in Excel, save it as an Excel Workbook (.xlsx) and upload that.",
    ),
    "docm": (
        "macro-enabled Word documents (.docm)",
        "Open the file in Word, save it as a Word Document (.docx) and upload that.",
    ),
    "rtf": (
        "Rich Text Format files (.rtf)",
        "Open the file in Word, save it as a Word Document (.docx) and upload that.",
    ),
    "odt": ("OpenDocument text documents (.odt)", "Save the file as a Word Document (.docx) and upload that."),
    "ods": ("OpenDocument spreadsheets (.ods)", "Save the file as an Excel Workbook (.xlsx) and upload that."),
    "pdf": ("PDF files", "If you have the plan as a Word or Excel file, upload that instead."),
}

_DESCRIPTIONS = {
    "docx": "a Word document",
    "xlsx": "an Excel workbook",
    "xlsb": "an Excel binary workbook (.xlsb)",
    "pptx": "a PowerPoint presentation",
    "odt": "an OpenDocument text document (.odt)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "doc": "a Word 97-2003 document (.doc)",
    "xls": "an Excel 97-2003 workbook (.xls)",
    "ppt": "a PowerPoint 97-2003 presentation (.ppt)",
    "ole": "an older Office file (97-2003 format)",
    "zip": "a zip file",
    "pdf": "a PDF",
    "jpg": "a JPG image",
    "png": "a PNG image",
    "gif": "a GIF image",
    "tif": "a TIFF image",
    "rar": "a RAR archive",
    "7z": "a 7-Zip archive",
    "gz": "a gzip archive",
    "encrypted": "a password-protected Word or Excel file",
}


def _format_for(name: str) -> _Format:
    base = _base_name(name)
    extension = base.rsplit(".", 1)[-1].lower() if "." in base else ""
    if extension in _FORMATS:
        return _FORMATS[extension]
    if extension in _NOT_ACCEPTED:
        what, advice = _NOT_ACCEPTED[extension]
        raise ImportRefused(f"Assure cannot import {what}. {ACCEPTED} {advice}")
    if extension:
        raise ImportRefused(f"Assure cannot import .{extension} files. {ACCEPTED}")
    raise ImportRefused(
        f"The file's name does not end in .docx, .xlsx or .csv, so Assure cannot tell what it is. {ACCEPTED}"
    )


def _base_name(name: str) -> str:
    return (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()


def _identify(data: bytes) -> str | None:
    """What the content is (a key of _DESCRIPTIONS, "encrypted", "damaged" or "bomb"), or None if unknown."""
    if data.startswith(office_files.OLE_SIGNATURE):
        return _identify_ole(data)
    if data.startswith(office_files.ZIP_SIGNATURE):
        return _identify_zip(data)
    if data.startswith(b"%PDF-"):
        return "pdf"
    guess = filetype.guess(data)
    return guess.extension if guess and guess.extension in _DESCRIPTIONS else None


def _identify_ole(data: bytes) -> str:
    # Office puts a password-protected .docx or .xlsx inside an OLE compound file, as a stream of
    # this name; the stream names of the older formats say which they are.
    for stream, kind in (("EncryptedPackage", "encrypted"), ("WordDocument", "doc"), ("Workbook", "xls")):
        if stream.encode("utf-16-le") in data:
            return kind
    return "ppt" if "PowerPoint Document".encode("utf-16-le") in data else "ole"


def _identify_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if office_files.unpacks_too_far(members, max_unpacked_bytes=MAX_UNPACKED_BYTES):
                return "bomb"
            names = {member.filename for member in members}
            if "[Content_Types].xml" in names:
                return _office_kind(names)
            if "mimetype" in names:
                with archive.open("mimetype") as mimetype:
                    declared = mimetype.read(100)
                if b"opendocument.text" in declared:
                    return "odt"
                if b"opendocument.spreadsheet" in declared:
                    return "ods"
            return "zip"
    except Exception:  # a damaged zip can fail in many different ways
        return "damaged"


def _office_kind(names: set[str]) -> str:
    if any(name.startswith("word/") for name in names):
        return "docx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.startswith("ppt/") for name in names):
        return "pptx"
    return "damaged"  # an Office package without its main part


def _check_office_content(data: bytes, expected: _Format) -> None:
    found = _identify(data)
    if found == expected.kind:
        _check_package(data, expected)
        return
    if found == "encrypted":
        raise ImportRefused(_password_protected(expected))
    if found == "bomb":
        raise ImportRefused(_unpacks_too_far(expected))
    if found in (None, "damaged"):
        raise ImportRefused(_damaged(expected))
    raise ImportRefused(
        f"The file's name ends in .{expected.kind}, but it looks like {_DESCRIPTIONS[found]}. {_advice(found)}"
    )


def _check_package(data: bytes, expected: _Format) -> None:
    """Refuse what the evidence checks refuse too (office_files): macros, ActiveX controls, content
    loaded from elsewhere, and zip bombs, in the file or in an object embedded in it."""
    problem = office_files.Problem
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            office_files.check_package(archive, max_unpacked_bytes=MAX_UNPACKED_BYTES)
    except office_files.Refused as refused:
        application = expected.application
        message = {
            problem.MACROS: (
                f"The file contains macros, which Assure does not import. Open it in {application}, save it as a "
                f"{expected.save_as} and upload that."
            ),
            problem.ACTIVEX: (
                "The file contains ActiveX controls, which Assure does not import. Copy the action plan's table "
                f"into a new {application} file, save it and upload that."
            ),
            problem.LINKED_CONTENT: (
                "The file loads content from another place when it is opened (a linked template, picture, object "
                "or workbook), which Assure does not import. Copy the action plan's table into a new "
                f"{application} file, save it and upload that."
            ),
            problem.PASSWORD: _password_protected(expected),
            problem.UNPACKS_TOO_FAR: _unpacks_too_far(expected),
        }.get(refused.problem, _damaged(expected))
        raise ImportRefused(message) from refused


def _password_protected(expected: _Format) -> str:
    return (
        f"The file is protected with a password, so Assure cannot open it. Open it in {expected.application}, "
        "remove the password (under File, Info), save it and upload it again."
    )


def _unpacks_too_far(expected: _Format) -> str:
    return (
        "Assure will not open the file: it unpacks to far more data than an action plan needs, which means it "
        f"is damaged or is not a real {expected.application} file. Open it in {expected.application}, save a "
        "copy with just the action plan in it and upload that."
    )


def _advice(found: str) -> str:
    if found in ("docx", "xlsx"):
        return (
            f"Check you chose the right file. If you did, change the end of its name to .{found} and upload it again."
        )
    if found in ("doc", "xls", "xlsb", "odt", "ods"):
        return f"{_NOT_ACCEPTED[found][1]} {ACCEPTED}"
    return f"Check you chose the right file. {ACCEPTED}"


def _damaged(expected: _Format) -> str:
    return (
        f"Assure cannot read the file: it is damaged or incomplete, or is not really a {expected.application} file. "
        f"Open it in {expected.application} to check it, save it as a {expected.save_as} and upload that."
    )


# --- Size and count limits ---------------------------------------------------------------------


def _read_bytes(file) -> bytes:
    limit = settings.IMPORT_MAX_BYTES
    size = _size_of(file)
    if size == 0:
        raise _empty()
    if size is not None and size > limit:
        raise _too_big(size)
    data = file.read(limit + 1)
    if not data:
        raise _empty()
    if len(data) > limit:
        raise _too_big(None)
    return data


def _size_of(file) -> int | None:
    size = getattr(file, "size", None)
    if size is not None:
        return size
    if getattr(file, "seekable", lambda: False)():
        start = file.tell()
        end = file.seek(0, io.SEEK_END)
        file.seek(start)
        return end - start
    return None


def _empty() -> ImportRefused:
    return ImportRefused(
        "The file is empty. Check you chose the file with the action plan in it, then upload it again."
    )


def _too_big(size: int | None) -> ImportRefused:
    limit = _size_text(settings.IMPORT_MAX_BYTES)
    what = f"The file is {_size_text(size)}." if size is not None else f"The file is larger than {limit}."
    return ImportRefused(
        f"{what} The largest file Assure can import is {limit}. Save a copy with just the action plan in it, "
        "without pictures or other sheets, and upload that."
    )


def _size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{math.ceil(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _check_row_count(rows: int) -> None:
    limit = settings.IMPORT_MAX_ROWS
    if rows > limit:
        raise ImportRefused(
            f"The file has {rows:,} rows. Assure imports up to {limit:,} rows at a time; remove any rows that are "
            "not part of the action plan, then upload it again."
        )


def _check_width(columns: int) -> None:
    if columns > MAX_COLUMNS:
        raise ImportRefused(
            f"A table in the file is {columns:,} columns wide. Assure imports tables up to {MAX_COLUMNS} columns "
            "wide; remove any columns that are not part of the action plan, then upload it again."
        )


def _no_table(what: str) -> ImportRefused:
    return ImportRefused(
        f"{what} Assure imports a plan written as a table, with a row for each action. Check you chose the right "
        "file; if the plan is written as paragraphs or a list, put it into a table first."
    )


# --- Word documents ----------------------------------------------------------------------------

_W_P, _W_TBL, _W_TR, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
# Content controls and custom XML can wrap paragraphs, tables, rows and cells; look inside them.
_WRAPPERS = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")})
# The words of a paragraph, including tracked insertions, hyperlinks, fields and content controls;
# not deleted text, nor the paragraphs of text boxes anchored in it.
_PARAGRAPH_RUNS = ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent)]"


@dataclass
class _WordTable:
    number: int
    rows: list[list[Cell]]
    heading: str = ""  # the nearest heading paragraph above it, since the table before
    lead_in: list[str] = field(default_factory=list)  # the paragraphs between that heading and it


def _read_docx(data: bytes) -> ReadFile:
    document = docx.Document(io.BytesIO(data))
    heading_lines: list[str] = []
    word_tables: list[_WordTable] = []
    number = 0
    headings: list[str] = []
    lead_in: list[str] = []
    for block in _children(document.element.body, {_W_P, _W_TBL}):
        if block.tag == _W_TBL:
            number += 1
            rows = _word_table_rows(block, document)
            if rows:
                word_tables.append(_WordTable(number, rows, headings[-1] if headings else "", lead_in))
            headings, lead_in = [], []
            continue
        if number == 0:
            heading_lines.extend(_paragraph_lines(block))
        heading = _heading_text(block, document)
        if heading:
            headings.append(heading)
            lead_in = []
        elif headings:
            lead_in.extend(_paragraph_lines(block))
    if not word_tables:
        raise _no_table("The document has no table in it.")
    _check_row_count(sum(len(word_table.rows) for word_table in word_tables))
    tables = _joined(word_tables, heading_lines)
    if tables[0].headings[:1] == [(0, word_tables[0].heading)]:  # a section's heading, not the document's title
        section_words = {word_tables[0].heading, *word_tables[0].lead_in}
        heading_lines = [line for line in heading_lines if line not in section_words]
    return ReadFile("docx", tables, heading_lines[:MAX_HEADING_LINES])


def _children(parent, tags: set[str]) -> Iterator:
    for child in parent.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tags)


def _joined(word_tables: list[_WordTable], heading_lines: list[str]) -> list[Table]:
    """A table continued across pages is saved as several tables of the same width: join them."""
    runs: list[list[_WordTable]] = []
    for word_table in word_tables:
        if runs and len(runs[-1][-1].rows[0]) == len(word_table.rows[0]):
            runs[-1].append(word_table)
        else:
            runs.append([word_table])
    return [_run_table(run, heading_lines) for run in runs]


def _run_table(run: list[_WordTable], heading_lines: list[str]) -> Table:
    first, last = run[0].number, run[-1].number
    table = Table(f"Tables {first} to {last}" if len(run) > 1 else f"Table {first}")
    for word_table, heading in zip(run, _section_headings(run, heading_lines), strict=True):
        if table.rows:
            table.page_starts.append(len(table.rows))
        if heading:
            table.headings.append((len(table.rows), heading))
            if word_table.lead_in:
                table.lead_ins.append((len(table.rows), "\n".join(word_table.lead_in)))
        table.rows.extend(word_table.rows)
        table.row_labels.extend(
            f"table {word_table.number}, row {index}" for index in range(1, len(word_table.rows) + 1)
        )
    return table


def _section_headings(run: list[_WordTable], heading_lines: list[str]) -> list[str]:
    """The headings above the tables of one layout that name its sections. A heading repeating
    the document's other opening words is the page's, not a section's; the first table's heading is a
    section's only when a later table has one too, and it is not the document's first line with
    more lines under it (its title)."""
    page_words = {" ".join(words_of(line)) for line in heading_lines if line != run[0].heading}
    headings = [run[0].heading]
    headings += ["" if " ".join(words_of(t.heading)) in page_words else t.heading for t in run[1:]]
    is_title = len(heading_lines) > 1 and run[0].heading == heading_lines[0]
    if is_title or not any(headings[1:]):
        headings[0] = ""
    return headings


def _heading_text(p, document) -> str:
    """A paragraph's words when it reads as a heading: in a Heading or Caption style, or all in
    bold, on one short line ("Table 2: " taken off a caption, "(continued)" off a heading
    repeated on the next page; "Continued ..." alone is no heading)."""
    lines = _paragraph_lines(p)
    if len(lines) != 1 or len(lines[0]) > MAX_HEADING_CHARACTERS:
        return ""
    paragraph = Paragraph(p, document)
    if not (_has_heading_style(paragraph) or _all_bold(p, paragraph)):
        return ""
    words = _CAPTION_NUMBER.sub("", _CONTINUED.sub("", lines[0])).strip()
    return "" if words.lower().startswith("continued") else words


_CAPTION_NUMBER = re.compile(r"^(?:table|figure)\s+\d+\s*[:.\-–—]?\s*", re.IGNORECASE)
_CONTINUED = re.compile(r"\s*[(\[]?\s*(?:continued|cont'?d|cont\.)\s*[)\]]?\s*$", re.IGNORECASE)


def _has_heading_style(paragraph: Paragraph) -> bool:
    style = paragraph.style
    while style is not None:
        if (style.name or "").startswith(("Heading", "heading", "Caption", "caption")):
            return True
        style = style.base_style
    return False


def _all_bold(p, paragraph: Paragraph) -> bool:
    runs = [r for r in p.xpath(_PARAGRAPH_RUNS) if r.text.strip()]
    return bool(runs) and all(_run_is_bold(Run(r, paragraph), paragraph) for r in runs)


def _word_table_rows(tbl, document) -> list[list[Cell]]:
    """The table as rows of equal width: a merged cell's text once then covered cells across,
    repeated in each row down."""
    rows: list[list[Cell]] = []
    for tr in _children(tbl, {_W_TR}):
        tcs = list(_children(tr, {_W_TC}))
        spans = [max(tc.grid_span, 1) for tc in tcs]
        _check_width(tr.grid_before + sum(spans) + tr.grid_after)
        row = [Cell()] * tr.grid_before
        for tc, span in zip(tcs, spans, strict=True):
            if tc.vMerge == "continue":
                above = rows[-1][len(row)] if rows and len(rows[-1]) > len(row) else Cell()
                cell = Cell(above.text, above.bold)
            else:
                cell = _word_cell(tc, document)
            row.append(Cell(cell.text, cell.bold, spans=span))
            row.extend([Cell(covered=True)] * (span - 1))
        rows.append(row)
    width = max([len(tbl.tblGrid.gridCol_lst) if tbl.tblGrid is not None else 0, *map(len, rows)])
    _check_width(width)
    return [row + [Cell()] * (width - len(row)) for row in rows] if width else []


def _word_cell(tc, document) -> Cell:
    lines: list[str] = []
    runs: list[tuple[Run, Paragraph]] = []
    _collect_cell(tc, document, lines, runs)
    text, html_bold = clean_cell_text("\n".join(lines))
    runs_bold = bool(runs) and all(_run_is_bold(run, paragraph) for run, paragraph in runs)
    return Cell(text, bool(text) and (html_bold or runs_bold))


def _collect_cell(container, document, lines: list[str], runs: list[tuple[Run, Paragraph]]) -> None:
    """The cell's paragraphs as lines, list items marked "- ", nested tables flattened in order."""
    for block in _children(container, {_W_P, _W_TBL}):
        if block.tag == _W_TBL:
            for tr in _children(block, {_W_TR}):
                for tc in _children(tr, {_W_TC}):
                    _collect_cell(tc, document, lines, runs)
            continue
        paragraph = Paragraph(block, document)
        paragraph_runs = block.xpath(_PARAGRAPH_RUNS)
        words = [r for r in paragraph_runs if r.text.strip()]
        runs.extend((Run(r, paragraph), paragraph) for r in words)
        text = "".join(r.text for r in paragraph_runs)
        lines.append(f"- {text}" if words and _is_list_item(block, paragraph) else text)


def _paragraph_lines(p) -> list[str]:
    text = "".join(r.text for r in p.xpath(_PARAGRAPH_RUNS))
    cleaned = clean_cell_text(text).text
    return cleaned.split("\n") if cleaned else []


def _is_list_item(p, paragraph: Paragraph) -> bool:
    properties = p.pPr
    numbering = properties.numPr if properties is not None else None
    if numbering is not None:
        return numbering.numId is None or numbering.numId.val != 0  # list number 0 switches a list off
    style = paragraph.style
    return style is not None and "List" in (style.name or "")


def _run_is_bold(run: Run, paragraph: Paragraph) -> bool:
    if run.bold is not None:
        return run.bold
    for style in (run.style, paragraph.style):
        while style is not None:
            if style.font.bold is not None:
                return style.font.bold
            style = style.base_style
    return False


# --- Excel workbooks ---------------------------------------------------------------------------

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass(frozen=True)
class _Extent:
    """Where a sheet's words are: first and last row and column with anything in them."""

    first_row: int
    last_row: int
    first_column: int
    last_column: int


def _read_xlsx(data: bytes) -> ReadFile:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    try:
        sheets = [(sheet, _extent(sheet)) for sheet in workbook.worksheets]
        sheets = [(sheet, extent) for sheet, extent in sheets if extent is not None]
        if not sheets:
            raise _no_table("Every sheet in the workbook is empty.")
        _check_row_count(sum(extent.last_row - extent.first_row + 1 for _, extent in sheets))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            tables = [_sheet_table(sheet, extent, archive) for sheet, extent in sheets]
    finally:
        workbook.close()
    return ReadFile("xlsx", tables)


def _extent(sheet) -> _Extent | None:
    # The size a sheet declares can be wrong, or huge for a few formatted cells: read what is there.
    sheet.reset_dimensions()
    first_row = last_row = first_column = last_column = None
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        columns = [column for column, value in enumerate(values, start=1) if _has_words(value)]
        if columns:
            first_row, last_row = first_row or number, number
            first_column = min(first_column or columns[0], columns[0])
            last_column = max(last_column or columns[-1], columns[-1])
    if first_row is None:
        return None
    _check_width(last_column - first_column + 1)
    return _Extent(first_row, last_row, first_column, last_column)


def _has_words(value) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _sheet_table(sheet, extent: _Extent, archive: zipfile.ZipFile) -> Table:
    rows = [
        [_sheet_cell(cell) for cell in row]
        for row in sheet.iter_rows(
            min_row=extent.first_row,
            max_row=extent.last_row,
            min_col=extent.first_column,
            max_col=extent.last_column,
        )
    ]
    # Read-only worksheets do not expose merged cells, so they come from the sheet's own XML.
    _apply_merges(rows, extent, _merged_ranges(archive, sheet._worksheet_path))
    labels = [f"row {number}" for number in range(extent.first_row, extent.first_row + len(rows))]
    return Table(sheet.title, rows, labels)


def _sheet_cell(cell) -> Cell:
    value = cell.value
    if value is None:
        return Cell()
    text, html_bold = _value_text(value, cell.number_format or "General")
    return Cell(text, bool(text) and (html_bold or bool(cell.font and cell.font.b)))


def _value_text(value, number_format: str) -> tuple[str, bool]:
    if isinstance(value, str):
        return clean_cell_text(drop_formula_quote(value))
    shown = _format_without_literals(number_format)
    if isinstance(value, bool):
        return ("Yes" if value else "No"), False
    if isinstance(value, datetime.date):
        if "d" not in shown and ("m" in shown or "y" in shown):
            return f"{value:%B %Y}", False
        return f"{value.day} {value:%B %Y}", False
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}", False
    if isinstance(value, int | float):
        if "%" in shown:
            return f"{_number(value * 100)}%", False
        return _number(value), False
    return clean_cell_text(str(value))


def _format_without_literals(number_format: str) -> str:
    """The number format's codes, without quoted text, [colours] or [$-809] locales."""
    return re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format).lower()


def _number(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value) if isinstance(value, int) else f"{value:.15g}"


def _merged_ranges(archive: zipfile.ZipFile, path: str) -> Iterator[tuple[int, int, int, int]]:
    """Each merged range as (first column, first row, last column, last row), streamed from the sheet XML."""
    with archive.open(path) as source:
        sheet_data = None
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                if element.tag == f"{_MAIN}sheetData":
                    sheet_data = element
            elif element.tag == f"{_MAIN}row" and sheet_data is not None:
                sheet_data.remove(element)  # the cells are read elsewhere; keep memory flat
            elif element.tag == f"{_MAIN}mergeCell":
                bounds = range_boundaries(element.get("ref", ""))
                if None not in bounds:
                    yield bounds


def _apply_merges(rows: list[list[Cell]], extent: _Extent, ranges: Iterator[tuple[int, int, int, int]]) -> None:
    """Like a Word table: the top-left text once with `spans` and covered cells across, repeated down."""
    clipped = set()
    for first_column, first_row, last_column, last_row in ranges:
        top, bottom = max(first_row, extent.first_row), min(last_row, extent.last_row)
        left, right = max(first_column, extent.first_column), min(last_column, extent.last_column)
        if top <= bottom and left <= right and (top, left) != (bottom, right):
            origin_row, origin_column = extent.first_row, extent.first_column
            clipped.add((top - origin_row, left - origin_column, bottom - origin_row, right - origin_column))
    merged: set[tuple[int, int]] = set()
    for top, left, bottom, right in sorted(clipped):
        if (top, left) in merged:
            continue  # overlapping ranges are not valid; the first one wins
        anchor = rows[top][left]
        for row in range(top, bottom + 1):
            rows[row][left] = Cell(anchor.text, anchor.bold, spans=right - left + 1)
            rows[row][left + 1 : right + 1] = [Cell(covered=True)] * (right - left)
            merged.update((row, column) for column in range(left, right + 1))


# --- CSV files -----------------------------------------------------------------------------------

_DELIMITERS = ",;\t|"
_EMPTY = Cell()
_SNIFF_SAMPLE_CHARACTERS = 64 * 1024


def _read_csv(data: bytes, name: str) -> ReadFile:
    found = _identify(data)
    if found is not None:
        looks_like = _DESCRIPTIONS.get(found, "a zip file")
        raise ImportRefused(f"The file's name ends in .csv, but it looks like {looks_like}. {_advice(found)}")
    text = _decoded(data)
    if text is None:
        raise ImportRefused(
            "The file's name ends in .csv, but it is not a text file, so it cannot be a CSV file. Check you chose "
            f"the right file. {ACCEPTED}"
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        rows, labels = _csv_rows(reader)
    except csv.Error as error:
        raise ImportRefused(
            "Assure could not read the file as a CSV file; it may be damaged. Open it in Excel, save it as "
            "CSV (.csv) again and upload that."
        ) from error
    if not rows:
        raise _no_table("The file has nothing in it but empty rows.")
    return ReadFile("csv", [Table(name, rows, labels)])


def _decoded(data: bytes) -> str | None:
    """The text, from UTF-8 (with or without a byte order mark), UTF-16 with one, or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in data:
        return None
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if "\x00" in text else text
    return None


def _delimiter(text: str) -> str:
    sample = text[:_SNIFF_SAMPLE_CHARACTERS]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _csv_rows(records: Iterator[list[str]]) -> tuple[list[list[Cell]], list[str]]:
    """The records with words in them, empty rows before and after dropped, and empty columns at
    either side; padded to the widest. Rows past the import limit are counted, not kept."""
    limit = settings.IMPORT_MAX_ROWS
    rows: list[list[Cell]] = []
    labels: list[str] = []
    first = last = None
    for number, record in enumerate(records, start=1):
        cells = [Cell(*clean_cell_text(drop_formula_quote(value))) if value else _EMPTY for value in record]
        while cells and not cells[-1].text:
            cells.pop()
        if cells:
            _check_width(len(cells) - _first_words(cells))
            first, last = first or number, number
        if first is not None and number - first < limit:
            rows.append(cells)
            labels.append(f"row {number}")
    if first is None:
        return [], []
    _check_row_count(last - first + 1)
    rows, labels = rows[: last - first + 1], labels[: last - first + 1]
    left = min(_first_words(row) for row in rows if row)
    width = max(map(len, rows)) - left
    _check_width(width)
    return [row[left:] + [Cell()] * (width - len(row[left:])) for row in rows], labels


def _first_words(row: list[Cell]) -> int:
    return next(index for index, cell in enumerate(row) if cell.text)
