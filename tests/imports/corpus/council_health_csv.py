"""A council and health plan saved as CSV whose columns go field by field rather than part by
part ("Council action | Health action | Council lead | Health lead | ..."), with each
recommendation's timeframe at the start of its words ("Within 3 months: ...") and a RAG word at
the end of the shared progress note."""

from .expected import Choice, Layout, Lead, action, plan, recommendation, said, section
from .files import csv_file

TITLE = "Calderbrook Safeguarding and Looked After Children Action Plan"
HEADER = [
    "Ref",
    "Recommendation",
    "Council action",
    "Health action",
    "Council lead",
    "Health lead",
    "Council target date",
    "Health target date",
    "Progress",
]
REC_1 = "Make sure that every child subject to a child protection plan has a named health professional."
REC_2 = "Improve the quality of return home interviews for children who go missing from care."
ROWS = [
    [
        "1",
        f"Within 3 months: {REC_1}",
        "Record the named health professional on the child's plan.",
        "Allocate a named health visitor or school nurse at the initial conference.",
        "Heads of Service",
        "Designated Doctor",
        "March 2025",
        "February 2025",
        "Both parts in place for new plans. GREEN",
    ],
    [
        "2",
        f"Within 6 months: {REC_2}",
        "Commission an independent return home interview service.",
        "Share health information with the return home interview service.",
        "Ines Carvalho",
        "Thaddeus Mbeki",
        "June 2025",
        "June 2025",
        "Tender under way. AMBER",
    ],
]


def build() -> bytes:
    return csv_file([[TITLE], HEADER, *ROWS])


def _recommendation(row, text, timeframe, council_lead, health_lead, rag):
    return recommendation(
        row[0],
        text,
        action("", row[2], agency="Council", leads=[council_lead], target=row[6], rag=rag),
        action("", row[3], agency="Health", leads=[health_lead], target=row[7], rag=rag),
        timeframe=timeframe,
    )


LAYOUT = Layout(
    name="council-health-csv",
    file_name="council-health-plan.csv",
    modelled_on="council/health plan as CSV; parts' columns interleaved, timeframes inside recommendations",
    build=build,
    expected=plan(
        TITLE,
        section(
            None,
            _recommendation(
                ROWS[0],
                REC_1,
                "Within 3 months",
                Lead("", "Heads of Service", "Council"),
                Lead("", "Designated Doctor", "Health"),
                said("GREEN", "green"),
            ),
            _recommendation(
                ROWS[1],
                REC_2,
                "Within 6 months",
                Lead("Ines Carvalho", "", "Council"),
                Lead("Thaddeus Mbeki", "", "Health"),
                said("AMBER", "amber"),
            ),
        ),
    ),
    choices=(Choice("part_agency", "Council", "Council"), Choice("part_agency", "Health", "Health")),
)
