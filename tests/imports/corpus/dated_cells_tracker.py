"""A multi-agency tracker in Excel with real date cells (a target date column formatted as dates),
a workstream column for sections, recommendations numbered "R1" in their own column, leads with
their agency in brackets ("Insp. Gareth Pryce (Police)"), a RAG column in words and a
"Progress as at 30/04/2025" heading on the update column."""

import datetime

from .expected import Choice, Layout, Lead, action, plan, recommendation, said, section
from .files import workbook

TITLE = "Marlow Heath Partnership Tracker: Inspection Recommendations"
HEADER = [
    "Workstream",
    "Rec No",
    "Recommendation",
    "Action",
    "Lead (agency)",
    "Target date",
    "RAG",
    "Progress as at 30/04/2025",
]
REC_1 = "Improve the sharing of information about children who go missing."
REC_2 = "Make sure children at risk of exploitation have a single coordinated plan."
ROWS = [
    [
        "Missing children",
        "R1",
        REC_1,
        "Share every missing episode with the child's school within one working day.",
        "Insp. Gareth Pryce (Police)",
        datetime.date(2025, 3, 31),
        "Green",
        "In place since March.",
    ],
    [
        "Missing children",
        "R1",
        REC_1,
        "Add missing episodes to the GP record for children known to social care.",
        "Sally Ndlovu (ICB)",
        datetime.date(2025, 9, 30),
        "Amber",
        "Data sharing agreement in draft.",
    ],
    [
        "Exploitation",
        "R2",
        REC_2,
        "Hold one exploitation plan for each child, reviewed at the exploitation panel.",
        "Priyanka Velasquez (Council)",
        datetime.date(2025, 6, 30),
        "Red",
        "Panel terms of reference delayed.",
    ],
]


def build() -> bytes:
    data = workbook({"Tracker": [[TITLE], [], HEADER, *ROWS]}, bold_rows={"Tracker": [1, 3]})
    return _dated(data)


def _dated(data: bytes) -> bytes:
    """The target dates shown as dd/mm/yyyy, as the tracker's authors formatted them."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    for row in book["Tracker"].iter_rows(min_row=4, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "dd/mm/yyyy"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _action(row, lead, target):
    return action("", row[3], agency=lead.agency, leads=[lead], target=target, rag=said(row[6]), progress=row[7])


LAYOUT = Layout(
    name="dated-cells-tracker",
    file_name="partnership-tracker.xlsx",
    modelled_on="multi-agency Excel tracker; real date cells, '<name> (<agency>)' leads, dated update heading",
    build=build,
    expected=plan(
        TITLE,
        section(
            "Missing children",
            recommendation(
                "R1",
                REC_1,
                _action(ROWS[0], Lead("Gareth Pryce", "Insp.", "Police"), "31 March 2025"),
                _action(ROWS[1], Lead("Sally Ndlovu", "", "ICB"), "30 September 2025"),
            ),
        ),
        section(
            "Exploitation",
            recommendation("R2", REC_2, _action(ROWS[2], Lead("Priyanka Velasquez", "", "Council"), "30 June 2025")),
        ),
        as_at="30/04/2025",
    ),
    choices=(
        Choice("column", "Workstream", "section"),
        Choice("column", "Progress as at 30/04/2025", "progress"),
    ),
)
