"""What a reader makes of a file: tables of cells, as plain text, whatever the format.

Readers (`readers.py`) turn a .docx, .xlsx or .csv upload into a `ReadFile`; everything after
that (finding the header, mapping columns, reading the plan) works on these tables alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ImportRefused(Exception):
    """The file cannot be imported; the message says why in plain English, and what to do."""


@dataclass(frozen=True)
class Cell:
    """One cell of a table.

    `text` is the cell's words: paragraphs joined by "\\n", each bullet or numbered item a line
    starting with "- ", HTML-like fragments removed and entities decoded, spaces tidied. `bold`
    says every word of the cell is bold (a hint for section rows). A cell merged across several
    columns holds its text in the first and `spans` the number of columns; the cells it covers
    follow it, empty, with `covered` set. A cell merged down several rows repeats its text in
    each row it covers.
    """

    text: str = ""
    bold: bool = False
    spans: int = 1
    covered: bool = False

    def to_json(self) -> list:
        return [self.text, self.bold, self.spans, self.covered]

    @classmethod
    def from_json(cls, data: list) -> Cell:
        return cls(*data)


@dataclass
class Table:
    """A rectangular table: every row has `width` cells. `row_labels` says where each row came
    from, as the business manager would find it in the file ("row 14", "table 2, row 3").

    A Word table continued across pages is several tables joined: `page_starts` are the rows where
    each later one starts, and `headings` the document's headings above them, as (row, text),
    each heading the section of the rows from there on, and `lead_ins` the paragraphs written
    between such a heading and its table (a section's recommendation, say), as (row, text)."""

    name: str
    rows: list[list[Cell]] = field(default_factory=list)
    row_labels: list[str] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    lead_ins: list[tuple[int, str]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "rows": [[cell.to_json() for cell in row] for row in self.rows],
            "row_labels": self.row_labels,
            "page_starts": self.page_starts,
            "headings": [list(heading) for heading in self.headings],
            "lead_ins": [list(lead_in) for lead_in in self.lead_ins],
        }

    @classmethod
    def from_json(cls, data: dict) -> Table:
        return cls(
            data["name"],
            [[Cell.from_json(cell) for cell in row] for row in data["rows"]],
            list(data["row_labels"]),
            list(data.get("page_starts", [])),
            [(row, text) for row, text in data.get("headings", [])],
            [(row, text) for row, text in data.get("lead_ins", [])],
        )


@dataclass
class ReadFile:
    """Every table of one file. `kind` is "docx", "xlsx" or "csv". `heading_lines` are the
    document's words before its first table (a Word document's title, say), to suggest the plan's
    title; empty for spreadsheets."""

    kind: str
    tables: list[Table]
    heading_lines: list[str] = field(default_factory=list)


def short_lines(rows) -> list[str]:
    """Each row with at most two cells filled (a title, an 'As at | 31 July 2012' pair), as a line."""
    lines = []
    for row in rows:
        filled = [cell.text for cell in row if cell.text and not cell.covered]
        if 0 < len(filled) <= 2:
            lines.append(" ".join(filled))
    return lines
