"""A RAG tracker in Excel: the plan's title in row 1, "Progress as at <date>" in row 2, the
headings in row 4; a Theme column naming each section, recommendation numbers restarting in each
theme, the recommendation merged down over its actions, and RAG written as a letter."""

from .expected import Layout, Lead, action, plan, recommendation, said, section
from .files import workbook

TITLE = "Hollinsby Safeguarding Children Partnership - Inspection Improvement Tracker"
AS_AT = "31 January 2025"
HEADER = ["Theme", "Ref", "Recommendation", "Action", "Lead", "Agency", "Due date", "RAG", "Latest update"]
EARLY_HELP_1 = "Improve the quality of early help assessments."
EARLY_HELP_2 = "Make sure step-down from children's social care to early help is planned."
CARE_1 = "Strengthen the oversight of children placed in unregistered children's homes."
ROWS = [
    [
        "Early help",
        "1",
        EARLY_HELP_1,
        "Introduce a quality standard for early help assessments and audit against it quarterly.",
        "Beatrix Nwachukwu",
        "Council",
        "March 2025",
        "G",
        "Standard agreed by the Early Help Board in December.",
    ],
    [
        None,
        None,
        None,
        "Train lead professionals in schools to complete early help assessments.",
        "Early Help Locality Managers",
        "Council",
        "July 2025",
        "A",
        "Two of four localities trained.",
    ],
    [
        "Early help",
        "2",
        EARLY_HELP_2,
        "Hold a step-down meeting with the family and the lead professional before every case closes.",
        "Tomasz Wierzbicki",
        "Council",
        "April 2025",
        "R",
        "Not yet started: awaiting the new procedure.",
    ],
    [
        "Children in care",
        "1",
        CARE_1,
        "Visit every child in an unregistered home at least every four weeks.",
        "Constance Adeyemi-Bright",
        "Council",
        "February 2025",
        "G",
        "All visits in January were in time.",
    ],
]


def build() -> bytes:
    rows = [[TITLE], [f"Progress as at {AS_AT}"], [], HEADER, *ROWS]
    return workbook({"Tracker": rows}, merges={"Tracker": ["A5:A6", "B5:B6", "C5:C6"]}, bold_rows={"Tracker": [1, 4]})


def _action(row, leads, rag, progress="", status=None):
    return action(
        "", row[3], agency="Council", leads=leads, target=row[6], rag=rag, progress=progress or row[8], status=status
    )


LAYOUT = Layout(
    name="rag-tracker-xlsx",
    file_name="improvement-tracker.xlsx",
    modelled_on="partnership RAG tracker in Excel; theme column, numbering restarting per theme, RAG letters",
    build=build,
    expected=plan(
        TITLE,
        section(
            "Early help",
            recommendation(
                "1",
                EARLY_HELP_1,
                _action(ROWS[0], [Lead("Beatrix Nwachukwu", "", "Council")], said("G", "green")),
                _action(ROWS[1], [Lead("", "Early Help Locality Managers", "Council")], said("A", "amber")),
            ),
            recommendation(
                "2",
                EARLY_HELP_2,
                _action(
                    ROWS[2],
                    [Lead("Tomasz Wierzbicki", "", "Council")],
                    said("R", "red"),
                    progress="awaiting the new procedure.",
                    status=said("Not yet started", "not_started"),
                ),
            ),
        ),
        section(
            "Children in care",
            recommendation(
                "1", CARE_1, _action(ROWS[3], [Lead("Constance Adeyemi-Bright", "", "Council")], said("G", "green"))
            ),
        ),
        as_at=AS_AT,
    ),
)
