"""An improvement board's action log saved as CSV: two lines of title and meeting above the
headings, a Priority column for the sections, action numbers "P1.1" with no recommendations at
all, owners written "<name> & <team>" or "Relevant HoS", and an Organisation column."""

from .expected import Layout, Lead, action, plan, recommendation, said, section
from .files import csv_file

TITLE = "Elmsworth Children's Services Improvement Board: Action Log"
SUBTITLE = "Board meeting 3 April 2025 - Agenda item 4"
HEADER = ["Ref", "Priority", "Action", "Owner", "Organisation", "Deadline", "Status", "Comments"]
ROWS = [
    [
        "P1.1",
        "Workforce",
        "Reduce the use of agency social workers to below 15% of posts.",
        "Maya Lindqvist & HR Business Partners",
        "Elmsworth Council",
        "March 2026",
        "Underway",
        "Agency use at 21% in March.",
    ],
    [
        "P1.2",
        "Workforce",
        "Launch an academy for newly qualified social workers.",
        "Relevant HoS",
        "Elmsworth Council",
        "September 2025",
        "Not started",
        "",
    ],
    [
        "P2.1",
        "Partnership working",
        "Agree a joint protocol for children missing from education with schools and the police.",
        "Reuben Achterberg",
        "Elmsworth Police",
        "June 2025",
        "Completed",
        "Protocol signed off by the board in March.",
    ],
]


def build() -> bytes:
    return csv_file([[TITLE], [SUBTITLE], [], HEADER, *ROWS])


def _action(row, leads, status):
    return action(row[0], row[2], agency=row[4], leads=leads, target=row[5], status=status, progress=row[7])


LAYOUT = Layout(
    name="improvement-board-csv",
    file_name="improvement-board-action-log.csv",
    modelled_on="improvement board action log as CSV; priorities as sections, no recommendations",
    build=build,
    expected=plan(
        TITLE,
        section(
            "Workforce",
            recommendation(
                "",
                None,
                _action(
                    ROWS[0],
                    [
                        Lead("Maya Lindqvist", "", "Elmsworth Council"),
                        Lead("", "HR Business Partners", "Elmsworth Council"),
                    ],
                    said("Underway"),
                ),
                _action(ROWS[1], [Lead("", "Relevant HoS", "Elmsworth Council")], said("Not started")),
            ),
        ),
        section(
            "Partnership working",
            recommendation(
                "",
                None,
                _action(ROWS[2], [Lead("Reuben Achterberg", "", "Elmsworth Police")], said("Completed")),
            ),
        ),
        description=SUBTITLE,
    ),
)
