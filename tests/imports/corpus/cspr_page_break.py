"""A child safeguarding practice review action plan in Word, as saved from a PDF: the table breaks
at each page into a new table that starts with the header row again, and a cell running over the
page break goes on in the first row after the repeated header, with the row's other cells empty.
Numbered recommendations, a lead agency column and an "Evidence of completion" column."""

from .expected import Layout, Lead, action, plan, recommendation, said, section
from .files import ABOVE, WordDocument

TITLE = "Local Child Safeguarding Practice Review: Child T - Action Plan"
HEADER = (
    "Rec No.",
    "Recommendation",
    "Action",
    "Lead Agency",
    "Lead Officer",
    "Target Date",
    "Evidence of completion",
    "Status",
)
REC_1 = "All agencies should make sure that practitioners understand how to escalate concerns about neglect."
REC_2 = (
    "The partnership should seek assurance that the voice of the child is recorded in assessments, including "
    "the views of children who do not use words to communicate."
)
ACTION_1_2 = (
    "Deliver briefings on the escalation policy to all frontline staff in schools, early years settings and "
    "primary care, including"
)
ACTION_1_2_GOES_ON = "health visitors and school nurses in the 0-19 service."
PAGE_1 = (
    (
        "1",
        REC_1,
        "Relaunch the partnership's escalation policy with a one-page guide.",
        "Partnership",
        "Gwendolyn Asante, Partnership Business Manager",
        "March 2025",
        "Guide published on the partnership website.",
        "Completed",
    ),
    (
        ABOVE,
        ABOVE,
        ACTION_1_2,
        "Council",
        "Marcus Delacroix, Principal Social Worker",
        "June 2025",
        "Attendance records",
        "Ongoing",
    ),
)
PAGE_2 = (
    ("", "", ACTION_1_2_GOES_ON, "", "", "", "", ""),
    (
        "2",
        REC_2,
        "Audit 20 assessments of disabled children for the child's recorded views.",
        "Council",
        "Marcus Delacroix, Principal Social Worker",
        "September 2025",
        "Audit report to the Learning and Improvement Group.",
        "Not started",
    ),
    (
        ABOVE,
        ABOVE,
        "Add a prompt for the child's communication needs to the health visiting record.",
        "Health",
        "Yasmin Farouk, Named Nurse",
        "August 2025",
        "Screenshot of the revised record.",
        "Underway",
    ),
)


def build() -> bytes:
    document = WordDocument()
    document.title(TITLE)
    document.table(HEADER, PAGE_1)
    document.page_break()
    document.table(HEADER, PAGE_2)
    return document.saved()


LAYOUT = Layout(
    name="cspr-page-break",
    file_name="cspr-child-t-action-plan.docx",
    modelled_on="child safeguarding practice review action plan; a cell continued after a repeated header",
    build=build,
    expected=plan(
        TITLE,
        section(
            None,
            recommendation(
                "1",
                REC_1,
                action(
                    "",
                    PAGE_1[0][2],
                    agency="Partnership",
                    leads=[Lead("Gwendolyn Asante", "Partnership Business Manager", "Partnership")],
                    target="March 2025",
                    status=said("Completed"),
                    details={"evidence_expected": PAGE_1[0][6]},
                ),
                action(
                    "",
                    f"{ACTION_1_2} {ACTION_1_2_GOES_ON}",
                    agency="Council",
                    leads=[Lead("Marcus Delacroix", "Principal Social Worker", "Council")],
                    target="June 2025",
                    status=said("Ongoing"),
                    details={"evidence_expected": "Attendance records"},
                ),
            ),
            recommendation(
                "2",
                REC_2,
                action(
                    "",
                    PAGE_2[1][2],
                    agency="Council",
                    leads=[Lead("Marcus Delacroix", "Principal Social Worker", "Council")],
                    target="September 2025",
                    status=said("Not started"),
                    details={"evidence_expected": PAGE_2[1][6]},
                ),
                action(
                    "",
                    PAGE_2[2][2],
                    agency="Health",
                    leads=[Lead("Yasmin Farouk", "Named Nurse", "Health")],
                    target="August 2025",
                    status=said("Underway"),
                    details={"evidence_expected": PAGE_2[2][6]},
                ),
            ),
        ),
    ),
)
