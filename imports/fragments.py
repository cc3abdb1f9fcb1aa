"""Rows a page break cut in two. A Word table continued on the next page (and a sheet printed with
its headings repeated) can start the page with a row that only finishes the cells of the row above
it: no number, no lead of its own, words starting in lower case or in mid-sentence. Such a row
is joined to the row above, so that its words are not read as an action or recommendation of
their own.
"""

from __future__ import annotations

import re

from .fields import SINGLE_TARGETS, Target
from .mapping import Mapping
from .table import Cell

_NUMBER_FIRST = re.compile(r"^\s*(?:recommendation\s+|action\s+)?\d+(?:\.\d+)*[a-z]?[.:)]?\s", re.IGNORECASE)
_JOINING_WORDS = r"and|or|but|nor|the|a|an|to|of|for|with|in|on|by|at|from|that|which|who|including|such as"
_CONTINUING_START = re.compile(r"^[a-z,;:)\]…&]")
_UNFINISHED_END = re.compile(rf"(?:[,;:\-–(&/]|\b(?:{_JOINING_WORDS}))\s*$", re.IGNORECASE)
_NUMBER_TARGETS = {Target.RECOMMENDATION_REFERENCE, Target.ACTION_REFERENCE}
_NUMBERED_TARGETS = {Target.RECOMMENDATION, Target.ACTION}
# A column of one value (a lead, a date, a status) is finished only by words that plainly carry it on.
_ONE_VALUE_TARGETS = SINGLE_TARGETS | {Target.LEADS}


def continues(row: list[Cell], above: list[Cell], mapping: Mapping) -> bool:
    """Whether `row`, the first on a new page, finishes the cells of `above`: every filled cell
    has words above it to finish, none is a number, and at least one plainly carries on the words
    above it (starting in lower case or with a joining word, or after a comma or an 'and'), as
    must any in a column of one value such as a lead or a date."""
    filled = [index for index, cell in enumerate(row) if cell.text and cell.text != above[index].text]
    if not filled or any(not above[index].text for index in filled):
        return False
    targets = {column.index: column.target for column in mapping.columns}
    carried = {index for index in filled if _carries_on(above[index].text, row[index].text)}
    for index in filled:
        target, text = targets.get(index), row[index].text
        if target in _NUMBER_TARGETS or (target in _NUMBERED_TARGETS and _NUMBER_FIRST.match(text)):
            return False
        if target in _ONE_VALUE_TARGETS and index not in carried:
            return False
    return bool(carried)


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
    return bool(_CONTINUING_START.match(then) or _UNFINISHED_END.search(first))
