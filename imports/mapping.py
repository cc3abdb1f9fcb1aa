"""Which row of a table is its heading, and which field each column fills.

A `Mapping` is proposed from the headings (or from a mapping saved from an earlier import) and
the business manager can change every part of it before anything is imported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .fields import ROW_TARGETS, SINGLE_TARGETS, Target, suggest, words_of
from .table import Table

HEADER_SEARCH_ROWS = 15


@dataclass
class ColumnMap:
    index: int
    heading: str
    target: str
    part: str = ""  # in a two-part layout, the part the column belongs to ("Council", "Health")


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
    best, best_score = 0, 1
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        score = sum(1 for cell in row if cell.text and len(cell.text) <= 60 and suggest(cell.text).target)
        if score > best_score:
            best, best_score = index, score
    return best


def propose_mapping(table: Table, agencies: list, saved: dict | None = None, header_row: int | None = None) -> Mapping:
    """A mapping for `table` from its headings (in `header_row`, or the row that reads most like
    headings), or from a `saved` mapping where the headings are the same. `agencies` are the
    partnership's, to guess which agency each part is."""
    if header_row is None:
        header_row = find_header_row(table)
    headings = [cell.text for cell in table.rows[header_row]] if table.rows else []
    remembered = {" ".join(words_of(column["heading"])): column for column in (saved or {}).get("columns", [])}
    columns = []
    for index, heading in enumerate(headings):
        known = remembered.get(" ".join(words_of(heading)))
        if known:
            columns.append(ColumnMap(index, heading, known["target"], known.get("part", "")))
            continue
        suggestion = suggest(heading)
        target = suggestion.target or (Target.EXTRA if heading else Target.IGNORE)
        columns.append(ColumnMap(index, heading, target, suggestion.part))
    if not saved:
        _settle_references(columns)
        _keep_real_parts(columns)
        if any(column.heading.lower() == "progress history" for column in columns):
            _prefer_full_history(columns)
    mapping = Mapping(header_row, columns)
    mapping.part_agencies = {
        part: (saved or {}).get("part_agencies", {}).get(part) or _agency_for(part, agencies)
        for part in mapping.parts
        if part
    }
    mapping.default_agency = (saved or {}).get("default_agency", "")
    return mapping


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


def _settle_references(columns: list[ColumnMap]) -> None:
    """A bare 'Ref' or 'No.' column numbers whatever follows it: the recommendation when the
    recommendation comes next, otherwise the action."""
    for position, column in enumerate(columns):
        if column.target != Target.ACTION_REFERENCE or "action" in column.heading.lower():
            continue
        following = columns[position + 1].target if position + 1 < len(columns) else ""
        if following == Target.RECOMMENDATION:
            column.target = Target.RECOMMENDATION_REFERENCE


def _prefer_full_history(columns: list[ColumnMap]) -> None:
    """Assure's own export with the full history: the history carries every update's status
    and RAG, so the columns showing only the latest are not read again."""
    for column in columns:
        if column.heading.lower() in (
            "status",
            "rag",
            "latest update as at",
            "latest update note",
            "evidence of impact",
        ):
            column.target = Target.IGNORE


def _agency_for(part: str, agencies: list) -> str:
    """The partnership's agency a part names: by short name, or the only agency whose name
    contains the part's words ("Council" -> "Darlington Borough Council")."""
    words = part.lower()
    for agency in agencies:
        if agency.short_name.lower() == words:
            return agency.short_name
    named = [agency for agency in agencies if words and words in agency.name.lower()]
    return named[0].short_name if len(named) == 1 else ""
