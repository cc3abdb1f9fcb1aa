"""A JTAI action plan workbook whose first sheet is a cover (title, partners, "Position as at"
date) and whose second sheet holds the plan; each recommendation is merged down over its
actions, with a reference, an agency column, a status column and a separate RAG column."""

from .expected import Choice, Layout, Lead, action, plan, recommendation, said, section
from .files import workbook

TITLE = "Brackley Fen Safeguarding Partnership: Joint Targeted Area Inspection Action Plan"
AS_AT = "14 March 2025"
COVER = [
    [TITLE],
    ["Partners: Brackley Fen Council, Brackley Fen ICB, Fenshire Constabulary"],
    [f"Position as at {AS_AT}"],
]
HEADER = [
    "Recommendation",
    "Ref",
    "Action",
    "Responsible officer",
    "Agency",
    "Completion date",
    "Status",
    "RAG",
    "Commentary",
]
REC_1 = "Partners should improve the quality of the initial response to children at risk of domestic abuse."
REC_2 = "The police should notify schools of domestic abuse incidents before the next school day."
ROWS = [
    [
        REC_1,
        "1a",
        "Review the domestic abuse risk assessment used at the front door.",
        "Gethin Abernathy",
        "Council",
        "April 2025",
        "Completed",
        "Blue",
        "New tool in use from February.",
    ],
    [
        None,
        "1b",
        "Add a health practitioner to the daily domestic abuse triage.",
        "Dr Niamh O'Sullivan",
        "ICB",
        "June 2025",
        "Underway",
        "Amber",
        "Recruitment under way.",
    ],
    [
        REC_2,
        "2a",
        "Send an Operation Encompass notification by 8am every school day.",
        "Supt Kwabena Hollis",
        "Police",
        "May 2025",
        "Ongoing",
        "Green",
        "98% sent on time in February.",
    ],
]


def build() -> bytes:
    return workbook(
        {"Cover": COVER, "Action plan": [HEADER, *ROWS]},
        merges={"Action plan": ["A2:A3"]},
        bold_rows={"Cover": [1], "Action plan": [1]},
    )


def _action(row, lead, status, rag):
    return action(row[1], row[2], agency=row[4], leads=[lead], target=row[5], status=status, rag=rag, progress=row[8])


LAYOUT = Layout(
    name="cover-sheet-workbook",
    file_name="jtai-action-plan-workbook.xlsx",
    modelled_on="JTAI action plan workbook; a cover sheet first, the plan on the second sheet",
    build=build,
    expected=plan(
        TITLE,
        section(
            None,
            recommendation(
                "",
                REC_1,
                _action(ROWS[0], Lead("Gethin Abernathy", "", "Council"), said("Completed"), said("Blue")),
                _action(ROWS[1], Lead("Niamh O'Sullivan", "", "ICB"), said("Underway"), said("Amber")),
            ),
            recommendation(
                "",
                REC_2,
                _action(ROWS[2], Lead("Kwabena Hollis", "Supt", "Police"), said("Ongoing"), said("Green")),
            ),
        ),
        as_at=AS_AT,
    ),
    choices=(Choice("table", 1), Choice("title", TITLE)),
)
