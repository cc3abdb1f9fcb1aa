"""An ILACS improvement plan in Word: a title, a subtitle naming the committee, the meeting and
the agenda item, a "progress as at" line, then each section as a Word heading above its own
table. Recommendation numbers restart in each section, and the action numbers ("1.1") are
written at the start of the action's text."""

from .expected import Choice, Layout, Lead, action, plan, recommendation, said, section
from .files import ABOVE, WordDocument

TITLE = "Kestrelford Borough Council: ILACS Improvement Plan"
SUBTITLE = "Children and Young People Scrutiny Committee, 12 March 2025, Agenda item 6"
AS_AT = "28 February 2025"
HEADER = ("No.", "Recommendation", "Actions", "Lead", "Timescale", "RAG")
COUNCIL = ("KBC", "Kestrelford Borough Council")

HELP_AND_PROTECTION = (
    (
        "1",
        "The timeliness and quality of strategy discussions when children are at risk of significant harm.",
        "1.1 Hold a daily strategy meeting in the MASH with police and health present.",
        "Rosalind Achebe, Head of Service MASH",
        "April 2025",
        "Green",
    ),
    (
        ABOVE,
        ABOVE,
        "1.2 Audit 30 strategy discussions each quarter and report the findings to the Improvement Board.",
        "Quality Assurance Manager",
        "June 2025",
        "Amber",
    ),
    (
        "2",
        "Management oversight of children's plans in the assessment teams.",
        "2.1 Team managers record a supervision decision on every case at least monthly.",
        "Declan Moriarty, Service Manager Assessment",
        "May 2025",
        "Red",
    ),
)
CHILDREN_IN_CARE = (
    (
        "1",
        "The sufficiency of local homes for children in care, so that fewer live far from Kestrelford.",
        "1.1 Recruit 20 more foster carers through the regional fostering hub.",
        "Imogen Castellanos, Head of Fostering",
        "March 2026",
        "Amber",
    ),
    (
        "2",
        "Care leavers' access to suitable accommodation at 18.",
        "2.1 Open a staying close service for young people leaving residential care.",
        "Head of Service Care Leavers",
        "September 2025",
        "Green",
    ),
)


def build() -> bytes:
    document = WordDocument()
    document.title(TITLE)
    document.paragraph(SUBTITLE)
    document.paragraph(f"Progress as at {AS_AT}")
    document.heading("Help and protection", level=2)
    document.table(HEADER, HELP_AND_PROTECTION)
    document.heading("Children in care", level=2)
    document.table(HEADER, CHILDREN_IN_CARE)
    return document.saved()


LAYOUT = Layout(
    name="ilacs-word-headings",
    file_name="ilacs-improvement-plan.docx",
    modelled_on="Ofsted ILACS improvement plan taken to a scrutiny committee; sections as Word headings",
    build=build,
    expected=plan(
        TITLE,
        section(
            "Help and protection",
            recommendation(
                "1",
                HELP_AND_PROTECTION[0][1],
                action(
                    "1.1",
                    "Hold a daily strategy meeting in the MASH with police and health present.",
                    agency=COUNCIL,
                    leads=[Lead("Rosalind Achebe", "Head of Service MASH", COUNCIL)],
                    target="April 2025",
                    rag=said("Green"),
                ),
                action(
                    "1.2",
                    "Audit 30 strategy discussions each quarter and report the findings to the Improvement Board.",
                    agency=COUNCIL,
                    leads=[Lead("", "Quality Assurance Manager", COUNCIL)],
                    target="June 2025",
                    rag=said("Amber"),
                ),
            ),
            recommendation(
                "2",
                HELP_AND_PROTECTION[2][1],
                action(
                    "2.1",
                    "Team managers record a supervision decision on every case at least monthly.",
                    agency=COUNCIL,
                    leads=[Lead("Declan Moriarty", "Service Manager Assessment", COUNCIL)],
                    target="May 2025",
                    rag=said("Red"),
                ),
            ),
        ),
        section(
            "Children in care",
            recommendation(
                "1",
                CHILDREN_IN_CARE[0][1],
                action(
                    "1.1",
                    "Recruit 20 more foster carers through the regional fostering hub.",
                    agency=COUNCIL,
                    leads=[Lead("Imogen Castellanos", "Head of Fostering", COUNCIL)],
                    target="March 2026",
                    rag=said("Amber"),
                ),
            ),
            recommendation(
                "2",
                CHILDREN_IN_CARE[1][1],
                action(
                    "2.1",
                    "Open a staying close service for young people leaving residential care.",
                    agency=COUNCIL,
                    leads=[Lead("", "Head of Service Care Leavers", COUNCIL)],
                    target="September 2025",
                    rag=said("Green"),
                ),
            ),
        ),
        description=SUBTITLE,
        as_at=AS_AT,
    ),
    choices=(Choice("default_agency", "KBC"),),
)
