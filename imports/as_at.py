"""The date a file's progress is as at, where the document says one ("Progress as at 31 July
2012", "Updated: March 2013", "Position at 1st October 2012")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from actionplans.loose_dates import Meaning, Precision, read_loose_date

from .mapping import find_header_row
from .table import Table, short_lines

_CUE = re.compile(
    r"\b(?:(?:progress|position|status|update|correct)\s+(?:as\s+)?at|as\s+at|as\s+of|(?:last\s+)?updated(?:\s+on)?)"
    r"\b\s*[:\-–]?\s*(.+)",
    re.IGNORECASE,
)
# The words after the cue that can still be the date: up to a bracket, a semicolon or a bar.
_DATE_ENDS = re.compile(r"[;(|\[]")
ROWS_LOOKED_AT = 10


@dataclass(frozen=True)
class AsAtReading:
    date: date
    line: str  # the words it was read from


def as_at_in(lines: list[str]) -> AsAtReading | None:
    """The first line that gives the date its progress is as at, read as the last day its
    words allow ('March 2013' is 31 March 2013). A date in the future or before 2000 is taken
    for a slip and not read."""
    for line in lines:
        found = _CUE.search(line)
        if not found:
            continue
        reading = read_loose_date(_DATE_ENDS.split(found.group(1))[0])
        value = reading.value.date
        if reading.meaning is not Meaning.DATE or reading.value.precision == Precision.YEAR:
            continue
        if date(2000, 1, 1) <= value <= timezone.localdate():
            return AsAtReading(value, line.strip()[:300])
    return None


def lines_around_tables(heading_lines: list[str], tables: list[Table]) -> list[str]:
    """The document's words before its tables, then each table's title-like rows near its top:
    rows with at most two cells filled, such as a title above a spreadsheet's headings or an
    'As at | 31 July 2012' pair; then its column headings."""
    found = list(heading_lines)
    for table in tables:
        found += short_lines(table.rows[:ROWS_LOOKED_AT])
        if table.rows:  # a heading such as "Progress as at 30/04/2025"
            found += [cell.text for cell in table.rows[find_header_row(table)] if cell.text]
    return found
