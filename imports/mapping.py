"""Which row of a table is its heading, and which field each column fills.

A `Mapping` is proposed from the headings (or from a mapping saved from an earlier import) and
the business manager can change every part of it before anything is imported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from agencies.models import Agency

from .agency_words import kind_of
from .content import Verdict, chosen_target, filled_cells, verdict
from .fields import ROW_TARGETS, SINGLE_TARGETS, Suggestion, Target, suggest, words_of
from .table import Table

HEADER_SEARCH_ROWS = 15


@dataclass
class ColumnMap:
    index: int
    heading: str
    target: str
    part: str = ""  # in a two-part layout, the part the column belongs to ("Council", "Health")
    reason: str = ""  # why Assure proposed this target, in plain English


@dataclass
class Mapping:
    header_row: int
    columns: list[ColumnMap]
    part_agencies: dict[str, str] = field(default_factory=dict)  # part -> agency short name
    default_agency: str = ""  # for actions that name no agency

    @property
    def parts(self) -> list[str]:
        """The parts of each row, in column order; "" is a row that is not split."""
        found = [column.part for column in self.columns if column.target not in ROW_TARGETS and column.part]
        return list(dict.fromkeys(found)) or [""]

    def columns_for(self, target: str, part: str = "") -> list[ColumnMap]:
        """The columns filling `target` for `part`; a column with no part serves every part."""
        return [
            column
            for column in self.columns
            if column.target == target and (column.part == part or not column.part or target in ROW_TARGETS)
        ]

    def problems(self) -> list[str]:
        """What stops this mapping from being used, in plain English."""
        found = []
        if not any(column.target == Target.ACTION for column in self.columns):
            found.append("Choose the column that holds the actions.")
        seen = defaultdict(list)
        for column in self.columns:
            if column.target in SINGLE_TARGETS:
                seen[(column.target, column.part)].append(column.heading or f"column {column.index + 1}")
        for (target, part), headings in seen.items():
            if len(headings) > 1:
                where = f" for {part}" if part else ""
                found.append(
                    f"{len(headings)} columns are mapped to {Target(target).label}{where} "
                    f"({', '.join(headings)}): choose one, and keep the others as extra text."
                )
        return found

    def to_json(self) -> dict:
        return {
            "header_row": self.header_row,
            "columns": [vars(column) for column in self.columns],
            "part_agencies": self.part_agencies,
            "default_agency": self.default_agency,
        }

    @classmethod
    def from_json(cls, data: dict) -> Mapping:
        return cls(
            data["header_row"],
            [ColumnMap(**column) for column in data["columns"]],
            dict(data.get("part_agencies") or {}),
            data.get("default_agency") or "",
        )


def find_header_row(table: Table) -> int:
    """The row among the first few whose cells read most like headings (0 when none do)."""
    return _best_header_row(table)[0]


def plan_table(tables: list[Table]) -> int:
    """The table that reads most like the plan: the one whose headings Assure knows most of (a
    workbook's cover sheet, a document's table of contents, come before it)."""
    scores = [_best_header_row(table)[1] for table in tables]
    return scores.index(max(scores)) if scores else 0


def _best_header_row(table: Table) -> tuple[int, int]:
    best, best_score = 0, 1
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        score = sum(1 for cell in row if cell.text and len(cell.text) <= 60 and suggest(cell.text).target)
        if score > best_score:
            best, best_score = index, score
    return best, best_score


def propose_mapping(table: Table, agencies: list, saved: dict | None = None, header_row: int | None = None) -> Mapping:
    """A mapping for `table` from its headings (in `header_row`, or the row that reads most like
    headings), or from a `saved` mapping where the headings are the same. `agencies` are the
    partnership's, to guess which agency each part is."""
    if header_row is None:
        header_row = find_header_row(table)
    headings = [cell.text for cell in table.rows[header_row]] if table.rows else []
    remembered = {" ".join(words_of(column["heading"])): column for column in (saved or {}).get("columns", [])}
    columns, verdicts = [], {}
    for index, heading in enumerate(headings):
        known = remembered.get(" ".join(words_of(heading)))
        if known:
            columns.append(ColumnMap(index, heading, known["target"], known.get("part", ""), SAVED_REASON))
            continue
        verdicts[index] = None if suggest(heading).exact else verdict(filled_cells(table, header_row, index))
        columns.append(_proposed_column(index, heading, verdicts[index]))
    if not saved:
        _one_recommendation(columns)
        _actions_when_none_named(columns, table, header_row)
        _recommended_actions_when_none_other(columns)
        _settle_references(columns, verdicts)
        _keep_real_parts(columns)
        _join_groups(columns)
        if any(column.heading.lower() == "progress history" for column in columns):
            _prefer_full_history(columns)
    mapping = Mapping(header_row, columns)
    mapping.part_agencies = {
        part: (saved or {}).get("part_agencies", {}).get(part) or _agency_for(part, agencies) or _new_agency(part)
        for part in mapping.parts
        if part
    }
    mapping.default_agency = (saved or {}).get("default_agency", "")
    return mapping


SAVED_REASON = "as in the choices saved before"


def _proposed_column(index: int, heading: str, found: Verdict | None) -> ColumnMap:
    """A column's target from its heading, unless its cells clearly say otherwise."""
    suggestion = suggest(heading)
    target = chosen_target(found, suggestion.target)
    if target:
        alone = f"; the heading alone suggests '{Target(suggestion.target).label}'" if suggestion.target else ""
        return ColumnMap(index, heading, target, suggestion.part, found.reason + alone)
    if suggestion.target:
        reason = _heading_reason(heading, suggestion)
        if found and found.target == suggestion.target:
            reason += f", and {found.reason}"
        return ColumnMap(index, heading, suggestion.target, suggestion.part, reason)
    if heading:
        return ColumnMap(index, heading, Target.EXTRA, "", "no heading word Assure knows: kept as extra text")
    return ColumnMap(index, heading, Target.IGNORE, "", "no heading, and nothing Assure knows in its cells")


def _heading_reason(heading: str, suggestion: Suggestion) -> str:
    if suggestion.exact:
        return f"the heading is '{heading.strip()}'"
    return f"the heading says '{suggestion.phrase}'"


def _one_recommendation(columns: list[ColumnMap]) -> None:
    """A column read as the recommendation from its cells alone goes back to its heading's
    field when another column is the recommendation, or when it would leave no action column."""
    for position, column in enumerate(columns):
        heading_target = suggest(column.heading).target
        if column.target != Target.RECOMMENDATION or heading_target == Target.RECOMMENDATION:
            continue
        others = [other for other in columns if other is not column]
        named = any(other.target == Target.RECOMMENDATION for other in others)
        last_action = heading_target == Target.ACTION and not any(other.target == Target.ACTION for other in others)
        if named or last_action:
            columns[position] = _proposed_column(column.index, column.heading, None)


def _recommended_actions_when_none_other(columns: list[ColumnMap]) -> None:
    """'Recommended actions' over the only text of the plan are its actions, not recommendations
    with no actions to answer them."""
    if any(column.target == Target.ACTION for column in columns):
        return
    for column in columns:
        if column.target == Target.RECOMMENDATION and {"action", "actions"} & set(words_of(column.heading)):
            column.target, column.reason = Target.ACTION, "the heading says 'actions'"
            return


def _actions_when_none_named(columns: list[ColumnMap], table: Table, header_row: int) -> None:
    """With no column read as the actions, the unknown heading over the most different texts
    ("What we will do") is proposed for them."""
    if any(column.target == Target.ACTION for column in columns):
        return
    unknown = [column for column in columns if column.target == Target.EXTRA and not suggest(column.heading).target]
    texts = {column.index: filled_cells(table, header_row, column.index) for column in unknown}
    written = [column for column in unknown if texts[column.index] and _mean_length(texts[column.index]) >= 15]
    if written:
        column = max(written, key=lambda candidate: len(set(texts[candidate.index])))
        cells = texts[column.index]
        column.target = Target.ACTION
        column.reason = (
            f"no heading names the actions, and this column holds the most different texts "
            f"({len(set(cells))} of {len(cells)} cells)"
        )


def _mean_length(cells: list[str]) -> float:
    return sum(map(len, cells)) / len(cells)


def _join_groups(columns: list[ColumnMap]) -> None:
    """A column with no part sitting between two parts' columns ("Evidence LA | Lead Officer |
    Outcome Health ... Health Lead") belongs to the neighbouring part lacking that field when the
    other part has a column of its own for it; otherwise it serves both."""
    parted = [position for position, column in enumerate(columns) if column.part and column.target not in ROW_TARGETS]
    for position in range(parted[0] + 1, parted[-1]) if parted else ():
        column = columns[position]
        if column.part or column.target in ROW_TARGETS | {Target.IGNORE, Target.EXTRA}:
            continue
        before = columns[max(p for p in parted if p < position)].part
        after = columns[min(p for p in parted if p > position)].part
        has = {part for part in (before, after) if any(c.part == part and c.target == column.target for c in columns)}
        for part, other in ((before, after), (after, before)):
            if part != other and part not in has and other in has:
                column.part = part
                column.reason += f"; it sits among the {part} columns"
                break


def _keep_real_parts(columns: list[ColumnMap]) -> None:
    """Words left over in a heading make a part only when at least two action columns share
    them ("Council action", "Council lead"); otherwise they are just part of the heading."""
    targets_by_part = defaultdict(set)
    for column in columns:
        if column.part and column.target not in ROW_TARGETS:
            targets_by_part[column.part].add(column.target)
    real = {part for part, targets in targets_by_part.items() if len(targets) >= 2}
    for column in columns:
        if column.part not in real or column.target in ROW_TARGETS:
            column.part = ""


def _settle_references(columns: list[ColumnMap], verdicts: dict[int, Verdict | None]) -> None:
    """A bare 'Ref' or 'No.' column numbers whatever follows it: the recommendation when the
    recommendation comes next, otherwise the action; numbers like '1.1' number actions."""
    for position, column in enumerate(columns):
        if column.target != Target.ACTION_REFERENCE or "action" in column.heading.lower():
            continue
        if verdicts.get(column.index) and verdicts[column.index].dotted:
            continue
        following = columns[position + 1].target if position + 1 < len(columns) else ""
        if following == Target.RECOMMENDATION:
            column.target = Target.RECOMMENDATION_REFERENCE
            column.reason += "; the recommendation comes next"


# Headings only Assure's own spreadsheet (reporting/exports.py) writes.
_ASSURE_EXPORT_HEADINGS = {"change since previous version", "other columns"}


def is_assure_export(mapping: Mapping) -> bool:
    """The table is Assure's own spreadsheet: it says what it knows, and no more is inferred."""
    return _ASSURE_EXPORT_HEADINGS <= {column.heading.strip().lower() for column in mapping.columns}


def _prefer_full_history(columns: list[ColumnMap]) -> None:
    """Assure's own export with the full history: the history carries every update, so the
    columns repeating the latest's date and words are not read again. Its status and RAG columns
    are: a status or RAG edited there is the newer copy's news."""
    for column in columns:
        if column.heading.lower() in ("latest update as at", "latest update note", "evidence of impact"):
            column.target = Target.IGNORE


def _agency_for(part: str, agencies: list) -> str:
    """The partnership's agency a part names: by short name, the only agency whose name
    contains the part's words ("Council" -> "Darlington Borough Council"), or the only agency of
    the kind the part names ("Health" -> the one health commissioner)."""
    words = part.lower()
    for agency in agencies:
        if agency.short_name.lower() == words:
            return agency.short_name
    named = [agency for agency in agencies if words and words in agency.name.lower()]
    if len(named) == 1:
        return named[0].short_name
    kind = kind_of(part)
    of_kind = [agency for agency in agencies if kind != Agency.Kind.OTHER and agency.kind == kind]
    return of_kind[0].short_name if len(of_kind) == 1 else ""


def _new_agency(part: str) -> str:
    """A part no agency of the partnership matches names a new one, when it reads as a short
    name ("LA", "Health"); the import creates it."""
    return part if re.fullmatch(r"[A-Za-z&]{2,12}", part) else ""
