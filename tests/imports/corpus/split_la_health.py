"""A council and health split plan in Word: each row gives one recommendation ("1. ...") and, beside
it, the council's part and the health part, in the heading words "Outcome LA | Action LA |
Evidence LA | Lead Officer | Outcome Health | Actions Health | Evidence Health | Health Lead |
Health Reference". The unsuffixed "Lead Officer" sits in the LA group."""

from .expected import Choice, Layout, Lead, action, plan, recommendation, section
from .files import WordDocument

TITLE = "Action Plan: Inspection of Safeguarding and Looked After Children Services, Thornbury Marsh"
HEADER = (
    "Recommendation",
    "Outcome LA",
    "Action LA",
    "Evidence LA",
    "Lead Officer",
    "Outcome Health",
    "Actions Health",
    "Evidence Health",
    "Health Lead",
    "Health Reference",
)
REC_1 = "Ensure that all looked after children have an up to date health assessment."
REC_2 = "Improve the timeliness of initial child protection conferences."
ROWS = (
    (
        f"1. {REC_1}",
        "Social workers request health assessments on time.",
        "Send every health assessment request within 5 working days of a child coming into care.",
        "Monthly performance report",
        "Callum Whitmore, Head of Safeguarding",
        "Every child in care has a timely health assessment.",
        "Offer an initial health assessment appointment within 20 working days of the request.",
        "Health assessment tracker",
        "Dr Farah Siddiqui, Designated Nurse",
        "H1.1",
    ),
    (
        f"2. {REC_2}",
        "Conferences are held within 15 working days.",
        "Book conference slots when the strategy discussion is held.",
        "Conference timeliness figures",
        "Callum Whitmore, Head of Safeguarding",
        "Health reports are ready for every conference.",
        "Named GP practice leads complete conference reports two days before the conference.",
        "Audit of conference reports",
        "Dr Farah Siddiqui, Designated Nurse",
        "H2.3",
    ),
)
COUNCIL_LEAD = Lead("Callum Whitmore", "Head of Safeguarding", "LA")
HEALTH_LEAD = Lead("Farah Siddiqui", "Designated Nurse", "Health")


def build() -> bytes:
    document = WordDocument()
    document.paragraph(TITLE, bold=True)
    document.table(HEADER, ROWS)
    return document.saved()


def _recommendation(reference, text, row):
    return recommendation(
        reference,
        text,
        action(
            "",
            row[2],
            agency="LA",
            leads=[COUNCIL_LEAD],
            details={"outcome_measure": row[1], "evidence_expected": row[3]},
        ),
        action(
            "",
            row[6],
            agency="Health",
            leads=[HEALTH_LEAD],
            details={"outcome_measure": row[5], "evidence_expected": row[7]},
            extra={"Health Reference": row[9]},
        ),
    )


LAYOUT = Layout(
    name="split-la-health",
    file_name="la-health-split-plan.docx",
    modelled_on="council/health split plan (2012 safeguarding and LAC inspection); LA and Health parts per row",
    build=build,
    expected=plan(
        "Inspection of Safeguarding and Looked After Children Services, Thornbury Marsh",
        section(None, _recommendation("1", REC_1, ROWS[0]), _recommendation("2", REC_2, ROWS[1])),
    ),
    choices=(
        Choice("part_agency", "LA", "LA"),
        Choice("part_agency", "Health", "Health"),
        Choice("column", "Lead Officer", "leads", part="LA"),
    ),
)
