"""A council's response to an Ofsted inspection in Excel: the inspectors' recommendations in a
column headed "OFSTED recommended actions", the council's actions in "Our response", a
"Monitoring Officer" column (the officer who checks each recommendation) and a status column."""

from .expected import Choice, Layout, Lead, action, plan, recommendation, said, section
from .files import workbook

TITLE = "Wyvern Vale Council - Response to the Ofsted Inspection of Children's Services"
COUNCIL = ("WVC", "Wyvern Vale Council")
HEADER = ["OFSTED recommended actions", "Our response", "Lead officer", "Monitoring Officer", "Target date", "Status"]
REC_1 = "Improve the consistency of management oversight and supervision of social workers."
REC_2 = "Ensure that private fostering arrangements are identified and assessed promptly."
ROWS = [
    [
        REC_1,
        "Introduce a supervision audit tool and audit ten supervision records a month.",
        "Esther Lindqvist",
        "Rhodri Penhaligon",
        "30 June 2025",
        "Ongoing",
    ],
    [
        REC_1,
        "Run reflective supervision training for all team managers.",
        "Workforce Development Manager",
        "Rhodri Penhaligon",
        "31 May 2025",
        "Completed",
    ],
    [
        REC_2,
        "Run an awareness campaign on private fostering with schools and GP practices.",
        "Esther Lindqvist",
        "Adaeze Marchetti",
        "30 September 2025",
        "Not started",
    ],
]


def build() -> bytes:
    return workbook({"Ofsted response": [[TITLE], HEADER, *ROWS]}, bold_rows={"Ofsted response": [1, 2]})


def _action(row, lead, status):
    return action("", row[1], agency=COUNCIL, leads=[lead], target=row[4], status=status)


LAYOUT = Layout(
    name="ofsted-recommended-actions-xlsx",
    file_name="ofsted-response.xlsx",
    modelled_on="council response to an Ofsted inspection; recommendations and monitoring officer columns",
    build=build,
    expected=plan(
        TITLE,
        section(
            None,
            recommendation(
                "",
                REC_1,
                _action(ROWS[0], Lead("Esther Lindqvist", "", COUNCIL), said("Ongoing")),
                _action(ROWS[1], Lead("", "Workforce Development Manager", COUNCIL), said("Completed")),
                monitoring_officer=Lead("Rhodri Penhaligon"),
            ),
            recommendation(
                "",
                REC_2,
                _action(ROWS[2], Lead("Esther Lindqvist", "", COUNCIL), said("Not started")),
                monitoring_officer=Lead("Adaeze Marchetti"),
            ),
        ),
    ),
    choices=(
        Choice("column", "OFSTED recommended actions", "recommendation"),
        Choice("column", "Our response", "action"),
        Choice("column", "Monitoring Officer", "monitoring_officer"),
    ),
)
