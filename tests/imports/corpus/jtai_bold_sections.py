"""A joint targeted area inspection (JTAI) action plan in Word: each section a bold paragraph
(not a Word heading) above its table; an agency column; a lead that is a role ("Relevant HoS");
and a "Progress note / Evidence" column that holds only status words."""

from .expected import Choice, Layout, Lead, action, plan, recommendation, said, section
from .files import WordDocument

TITLE = "Ashcombe Safeguarding Partnership: JTAI Child Exploitation Action Plan"
HEADER = ("Area for improvement", "Action", "Agency", "Lead", "By when", "Progress note / Evidence")
LEADERSHIP = (
    (
        "Leaders do not have a shared understanding of the scale of exploitation in Ashcombe.",
        "Publish a multi-agency exploitation profile every six months.",
        "Police",
        "DCI Harriet Solberg",
        "June 2025",
        "Completed",
    ),
    (
        "Leaders do not have a shared understanding of the scale of exploitation in Ashcombe.",
        "Add exploitation measures to the partnership's quarterly dashboard.",
        "Council",
        "Relevant HoS",
        "September 2025",
        "Underway",
    ),
)
PRACTICE = (
    (
        "Return home interviews are not always offered within 72 hours.",
        "Track every return home interview against the 72 hour standard in the daily missing meeting.",
        "Council",
        "Oluwaseun Baptiste",
        "April 2025",
        "Evidence not yet reported",
    ),
    (
        "Health practitioners do not always share concerns about exploitation with the MASH.",
        "Train emergency department staff in the exploitation screening tool.",
        "ICB",
        "Named Nurse Safeguarding Children",
        "December 2025",
        "Not yet due",
    ),
)


def build() -> bytes:
    document = WordDocument()
    document.title(TITLE)
    document.paragraph("Strategic leadership and governance", bold=True)
    document.table(HEADER, LEADERSHIP)
    document.paragraph("Frontline practice", bold=True)
    document.table(HEADER, PRACTICE)
    return document.saved()


def _action(row, status, lead: Lead):
    return action("", row[1], agency=row[2], leads=[lead], target=row[4], status=status)


LAYOUT = Layout(
    name="jtai-bold-sections",
    file_name="jtai-exploitation-action-plan.docx",
    modelled_on="JTAI action plan; sections as bold paragraphs; a progress column of status words only",
    build=build,
    expected=plan(
        TITLE,
        section(
            "Strategic leadership and governance",
            recommendation(
                "",
                LEADERSHIP[0][0],
                _action(LEADERSHIP[0], said("Completed"), Lead("Harriet Solberg", "DCI", "Police")),
                _action(LEADERSHIP[1], said("Underway"), Lead("", "Relevant HoS", "Council")),
            ),
        ),
        section(
            "Frontline practice",
            recommendation(
                "",
                PRACTICE[0][0],
                _action(PRACTICE[0], said("Evidence not yet reported"), Lead("Oluwaseun Baptiste", "", "Council")),
            ),
            recommendation(
                "",
                PRACTICE[1][0],
                _action(PRACTICE[1], said("Not yet due"), Lead("", "Named Nurse Safeguarding Children", "ICB")),
            ),
        ),
    ),
    choices=(Choice("column", "Progress note / Evidence", "status"),),
)
