"""A plan's title and description from the words above its table: a Word document's opening
paragraphs, or a sheet's rows above its headings ("Action Plan: ...", the board, the meeting's
date, the agenda item)."""

from __future__ import annotations

import re
from pathlib import PurePath

from .table import short_lines

_LABELLED_TITLE = re.compile(r"action plan\s*:\s*(.+?)(?:\s+(date\s*/\s*version\s*:.*))?$", re.IGNORECASE)
_NAMES_A_PLAN = re.compile(r"\bplan\b", re.IGNORECASE)


def title_from(lines: list[str], file_name: str) -> str:
    """The plan's title as the file gives it ('Action Plan: ...'), else the first line that
    names a plan, else the first line, else the file's name."""
    index = _title_line(lines)
    if index is None:
        return PurePath(file_name).stem.replace("_", " ").replace("-", " ")[:300]
    labelled = _LABELLED_TITLE.search(lines[index])
    return (labelled.group(1).strip() if labelled else lines[index])[:300]


def description_from(lines: list[str]) -> str:
    """The other words above the table, line by line: the subtitle, board, date, agenda item."""
    index = _title_line(lines)
    kept = [line for position, line in enumerate(lines) if position != index]
    labelled = _LABELLED_TITLE.search(lines[index]) if index is not None else None
    if labelled and labelled.group(2):
        kept.insert(0, labelled.group(2).strip())
    return "\n".join(dict.fromkeys(line.strip() for line in kept if line.strip()))


def cover_lines(tables, index: int) -> list[str]:
    """The words of the tables before the plan's (a workbook's cover sheet): each row with at
    most two cells filled, as a line."""
    return [line for table in tables[:index] for line in short_lines(table.rows)]


def _title_line(lines: list[str]) -> int | None:
    for pattern in (_LABELLED_TITLE, _NAMES_A_PLAN):
        found = next((index for index, line in enumerate(lines) if pattern.search(line)), None)
        if found is not None:
            return found
    return 0 if lines else None
