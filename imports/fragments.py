"""Rows a page break cut in two. A Word table continued on the next page (and a sheet printed with
its headings repeated) can start the page with a row that only finishes the cells of the row above
it: no number, no lead of its own, words starting in lower case or in mid-sentence. Such a row
is joined to the row above, so that its words are not read as an action or recommendation of
their own.
"""

from __future__ import annotations

import re

from .fields import Target
from .mapping import Mapping
from .table import Cell

_NUMBER_FIRST = re.compile(r"^\s*(?:recommendation\s+|action\s+)?\d+(?:\.\d+)*[a-z]?[.:)]?\s", re.IGNORECASE)
_CONTINUING_START = re.compile(r"^[a-z,;:)\]…&]|^(?:and|or|but|to|with|by|of|which|including)\b")
_SENTENCE_END = ".!?"
_SENTENCE_WORDS = 5
_NUMBER_TARGETS = {Target.RECOMMENDATION_REFERENCE, Target.ACTION_REFERENCE}
_NUMBERED_TARGETS = {Target.RECOMMENDATION, Target.ACTION}


def continues(row: list[Cell], above: list[Cell], mapping: Mapping) -> bool:
    """Whether `row`, the first on a new page, finishes the cells of `above`: every filled cell
    has words above it to finish, none is a number or a lead of its own, and at least one starts
    in lower case or carries on a sentence left unfinished."""
    filled = [index for index, cell in enumerate(row) if cell.text and cell.text != above[index].text]
    if not filled or any(not above[index].text for index in filled):
        return False
    targets = {column.index: column.target for column in mapping.columns}
    for index in filled:
        target, text = targets.get(index), row[index].text
        if target in _NUMBER_TARGETS or (target in _NUMBERED_TARGETS and _NUMBER_FIRST.match(text)):
            return False
        if target == Target.LEADS and not _CONTINUING_START.match(text):
            return False
    return any(_carries_on(above[index].text, row[index].text) for index in filled)


def join_up(rows: list[list[Cell]], above: int, row: list[Cell], first: int) -> None:
    """Add each cell of `row` to the end of its own in `rows[above]`, and in the rows above that
    repeat the same words (a cell merged down several rows), as far up as `first`."""
    for index, more in enumerate(row):
        cell = rows[above][index]
        if not more.text or more.text == cell.text:
            continue
        between = " " if _carries_on(cell.text, more.text) else "\n"
        longer = Cell(cell.text + between + more.text, cell.bold and more.bold, cell.spans, cell.covered)
        line = above
        while line >= first and rows[line][index].text == cell.text:
            rows[line][index] = longer
            line -= 1


def _carries_on(first: str, then: str) -> bool:
    """`then` starts in lower case or with a joining word, or `first` is a sentence left unfinished."""
    if _CONTINUING_START.match(then):
        return True
    return len(first.split()) >= _SENTENCE_WORDS and first.rstrip()[-1:] not in _SENTENCE_END
