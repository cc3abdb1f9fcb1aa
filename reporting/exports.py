"""The board paper's selection as a spreadsheet: one row per action, as CSV or as an Excel workbook.

Made from the same `Paper` as the PDF, so the rows are the actions the paper shows, in plan order.
Every cell is text. A cell that spreadsheet software could take for a formula (it starts with =, +,
-, @, a tab or a carriage return) is prefixed with a single quote, as OWASP's guidance on CSV
injection advises; plan text is written otherwise unchanged, newlines and all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from actionplans.models import (
    ACTION_DETAILS,
    PROGRESS_DETAILS,
    RAG_LOOKS,
    RECOMMENDATION_DETAILS,
    Detail,
    Output,
    Rag,
    details_in,
)

from .changes import CHANGED, NEW, ActionChange
from .papers import Paper

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """`value`, with a single quote in front if a spreadsheet could read it as a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _lines(values) -> str:
    return "\n".join(value for value in values if value)


def _latest_update(action: dict) -> dict:
    return action["updates"][-1] if action["updates"] else {}


def _details(text: str, details: list[str], separator: str) -> str:
    """'Text — Label: value. Label: value': the form the importer reads back."""
    return f"{text} \u2014 {separator.join(details)}" if details else text


def _sub_action(sub: dict) -> str:
    text = f"{sub['kind']}: {sub['text']}" + (f" [{sub['source']}]" if sub["source"] else "")
    details = [
        *([f"Leads: {'; '.join(sub['leads'])}"] if sub["leads"] else []),
        *([f"Note on leads: {sub['leads_note']}"] if sub["leads_note"] else []),
        *([f"Date: {sub['target']}"] if sub["target"] else []),
    ]
    return _details(text, details, ". ")


def _labelled(label: str, text: str) -> list[str]:
    return [f"{label}: {text}"] if text else []


def _milestone(milestone: dict) -> str:
    details = [
        *([f"Due: {milestone['due']}"] if milestone["due"] else []),
        *([f"Done: {milestone['done_on']}"] if milestone["done_on"] else []),
    ]
    return _details(milestone["text"], details, "; ")


def _other_columns(action: dict) -> str:
    """Columns an imported plan had that Assure has no field for, as 'Heading: text' blocks."""
    return "\n\n".join(f"{heading}: {text}" for heading, text in action.get("extra_columns", {}).items())


def _history(action: dict) -> str:
    """Every update, earliest first, each opened by 'Update <as at>: Status: <status>. RAG:
    <rating>.', the form the importer reads back."""
    blocks = []
    for update in action["updates"]:
        rag = Rag.label_for(update["rag"])
        heading = (
            f"Update {update['as_at'] or '(undated)'}: Status: {update['status_label'] or 'No status given'}. "
            f"RAG: {rag}."
        )
        impact = f"Evidence of impact: {update['evidence_of_impact']}" if update["evidence_of_impact"] else ""
        blocks.append(_lines([heading, update["note"], impact]))
    return "\n\n".join(blocks)


def _section(section: dict) -> str:
    return f"{section['number']}. {section['title']}" if section["number"] else section["title"]


def _change(change: ActionChange | None) -> str:
    """What changed since the previous version: "New", "Changed: Status Ongoing → Completed; ...",
    or nothing when unchanged or there is no previous version."""
    if change is None:
        return ""
    if change.kind == NEW:
        return "New"
    if change.kind != CHANGED:
        return ""
    parts = [
        f"{field.label} {field.before or '(none)'} → {field.after or '(none)'}"
        + (f" (reason: {field.reason})" if field.reason else "")
        for field in change.changes
    ]
    if change.new_updates:
        count = len(change.new_updates)
        parts.append(f"{count} new progress update{'s' if count != 1 else ''}")
    return "Changed: " + "; ".join(parts)


# Each column: its heading, and its value from (section, recommendation, action, change), where
# change is the action's ActionChange since the previous version, or None.
Column = Callable[[dict, dict, dict, ActionChange | None], str]


def _detail_column(detail: Detail) -> Column:
    # A version frozen before the detail was added has no value for it.
    if detail.one_per_line:
        return lambda s, r, a, c: _lines(a.get(detail.name, []))
    return lambda s, r, a, c: a.get(detail.name, "")


def _latest_update_column(detail: Detail) -> Column:
    return lambda s, r, a, c: _latest_update(a).get(detail.name, "")


def _recommendation_column(detail: Detail) -> Column:
    if detail.name == "agencies_note":  # given with the agencies it is addressed to
        return lambda s, r, a, c: _lines([", ".join(r["agencies"]), r.get("agencies_note", "")])
    if detail.one_per_line:
        return lambda s, r, a, c: _lines(r.get(detail.name, []))
    return lambda s, r, a, c: r.get(detail.name, "")


def _recommendation_columns():
    """A column for each of the recommendation's written fields, with its timeframe after its words,
    and its monitoring officer."""
    for detail in details_in(RECOMMENDATION_DETAILS, Output.SPREADSHEET):
        yield detail.spreadsheet_heading, _recommendation_column(detail)
        if detail.name == "text":
            yield "Timeframe", lambda s, r, a, c: r["timeframe"]
    yield "Monitoring officer", lambda s, r, a, c: r.get("monitoring_officer") or ""


COLUMNS: list[tuple[str, Column]] = [
    ("Section", lambda s, r, a, c: _section(s)),
    *_recommendation_columns(),
    ("Action reference", lambda s, r, a, c: a["reference"]),
    ("Action", lambda s, r, a, c: a["text"]),
    ("Source of the action", lambda s, r, a, c: a["source"]),
    ("Sub-actions", lambda s, r, a, c: _lines(_sub_action(sub) for sub in a["sub_actions"])),
    ("Responsible agency", lambda s, r, a, c: a["agency"]),
    ("Lead officers", lambda s, r, a, c: _lines([*a["leads"], *_labelled("Note on leads", a["leads_note"])])),
    ("Milestones", lambda s, r, a, c: _lines(_milestone(m) for m in a["milestones"])),
    *((detail.label, _detail_column(detail)) for detail in ACTION_DETAILS),
    ("Target date (as written)", lambda s, r, a, c: a["target"]),
    ("Target date (derived)", lambda s, r, a, c: a["target_date"]),
    ("Status", lambda s, r, a, c: a["progress"]["status_label"]),
    ("RAG", lambda s, r, a, c: a["progress"]["rag_label"]),
    ("Overdue", lambda s, r, a, c: "Yes" if a["progress"]["is_overdue"] else "No"),
    ("Latest update as at", lambda s, r, a, c: _latest_update(a).get("as_at", "")),
    *(
        (detail.spreadsheet_heading, _latest_update_column(detail))
        for detail in details_in(PROGRESS_DETAILS, Output.SPREADSHEET)
    ),
    ("Next review", lambda s, r, a, c: a["next_review"]),
    ("Reported to", lambda s, r, a, c: a["reported_to"]),
    ("Other columns", lambda s, r, a, c: _other_columns(a)),
    ("Change since previous version", lambda s, r, a, c: _change(c)),
]
HISTORY = ("Progress history", lambda s, r, a, c: _history(a))


def columns_for(paper: Paper) -> list[tuple[str, Column]]:
    """The columns of the paper's spreadsheet: with the full history, every update as well."""
    if not paper.options.full_history:
        return COLUMNS
    at = [heading for heading, _value in COLUMNS].index("Evidence of impact") + 1
    return [*COLUMNS[:at], HISTORY, *COLUMNS[at:]]


def _action_rows(paper: Paper, columns):
    """(action, its row of neutralised values) for each action of the paper, in plan order."""
    for section, recommendation, action in paper.actions():
        change = paper.changes.get(action["id"])
        yield action, [neutralise(value(section, recommendation, action, change)) for _heading, value in columns]


def paper_rows(paper: Paper) -> list[list[str]]:
    """The header row, then one row per action of the paper."""
    columns = columns_for(paper)
    return [
        [neutralise(heading) for heading, _value in columns],
        *(row for _action, row in _action_rows(paper, columns)),
    ]


def paper_csv(paper: Paper) -> bytes:
    """The rows as CSV (RFC 4180 quoting, CRLF line ends), UTF-8 with a byte order mark so that
    Excel reads it as UTF-8."""
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerows(paper_rows(paper))
    return output.getvalue().encode("utf-8-sig")


def _argb(colour: str) -> str:
    return "FF" + colour.removeprefix("#").upper()


# The RAG cell's fill and text colour (white, or black for dark text); the cell keeps its words too.
RAG_STYLES = {
    rag.value: (
        _argb(RAG_LOOKS[rag].fill),
        Font(color="FFFFFFFF" if RAG_LOOKS[rag].text == "#ffffff" else "FF000000", bold=RAG_LOOKS[rag].bold),
    )
    for rag in Rag
}
WRAP = Alignment(wrap_text=True, vertical="top")
MIN_WIDTH, MAX_WIDTH = 10, 60


def _text_cell(sheet, row: int, column: int, value: str):
    """Write `value` (already neutralised) as a text cell, never a formula."""
    cell = sheet.cell(row=row, column=column)
    # openpyxl refuses the control characters XML cannot hold (a vertical tab from a Word
    # document, say): they are dropped, since a workbook cannot carry them.
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"
    return cell


def _width(values: list[str]) -> float:
    longest = max((len(line) for value in values for line in value.splitlines()), default=0)
    return min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)


def _options(paper: Paper) -> str:
    return paper.options.describe() or "All actions"


def paper_xlsx(paper: Paper) -> bytes:
    """The rows as an Excel workbook: an "Actions" sheet, and an "About" sheet saying which plan,
    version and options it shows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Actions"
    bold = Font(bold=True)
    headings = [heading for heading, _value in columns_for(paper)]
    rag_column, overdue_column = headings.index("RAG"), headings.index("Overdue")
    for column, heading in enumerate(headings, start=1):
        cell = _text_cell(sheet, 1, column, neutralise(heading))
        cell.font = bold
        cell.alignment = WRAP
    columns = [[heading] for heading in headings]
    for row_number, (action, values) in enumerate(_action_rows(paper, columns_for(paper)), start=2):
        for index, value in enumerate(values):
            columns[index].append(value)
            cell = _text_cell(sheet, row_number, index + 1, value)
            cell.alignment = WRAP
            if index == rag_column and action["progress"]["rag"] in RAG_STYLES:
                colour, font = RAG_STYLES[action["progress"]["rag"]]
                cell.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
                cell.font = font
            elif index == overdue_column and action["progress"]["is_overdue"]:
                cell.font = bold
    for index, values in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(values)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{sheet.max_row}"

    about = workbook.create_sheet("About")
    facts = [
        ("Plan", paper.title),
        ("Version", paper.label),
        ("As at", f"{paper.as_at.day} {paper.as_at:%B %Y}"),
        ("Options", _options(paper)),
    ]
    if paper.previous_label:
        facts.append(("Changes since", paper.previous_label))
    for row_number, (label, value) in enumerate(facts, start=1):
        _text_cell(about, row_number, 1, neutralise(label)).font = bold
        _text_cell(about, row_number, 2, neutralise(value)).alignment = WRAP
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 80

    workbook.properties.title = paper.title
    workbook.properties.creator = "Assure"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
