"""A SEND written statement of action in Word: one table, each area of weakness a bold row merged
across it ("Area of weakness 1: ..."), the actions under it numbered 1.1, 1.2 in a Ref column;
leads written "<name> & <team>" or "<name>, <role>"; a partner column saying whose action it is;
"How we will know" as the measure of success."""

from .expected import Choice, Layout, Lead, action, plan, recommendation, said, section
from .files import MERGED, Bold, WordDocument

TITLE = "Brackenmoor Local Area SEND Written Statement of Action"
HEADER = ("Ref", "What we will do", "Partner", "Lead", "Completion", "How we will know", "RAG")
WEAKNESS_1 = "The quality of education, health and care plans is too variable."
WEAKNESS_2 = "Health services' contribution to EHC needs assessments is often late."
ROWS = (
    (Bold(f"Area of weakness 1: {WEAKNESS_1}"), *[MERGED] * 6),
    (
        "1.1",
        "Quality assure a sample of 25 new EHC plans every month using the local area audit tool.",
        "Council",
        "Priya Raman & SEND Casework Team",
        "July 2025",
        "80% of audited plans are good or better.",
        "Amber",
    ),
    (
        "1.2",
        "Co-produce a new EHC plan template with the parent carer forum.",
        "Council",
        "Aled Hargreaves, Head of SEND",
        "May 2025",
        "The forum signs off the template.",
        "Green",
    ),
    (Bold(f"Area of weakness 2: {WEAKNESS_2}"), *[MERGED] * 6),
    (
        "2.1",
        "Return health advice for EHC needs assessments within six weeks.",
        "ICB",
        "Dr Hamish Oduya, Designated Clinical Officer",
        "October 2025",
        "95% of health advice returned within six weeks.",
        "Red",
    ),
)


def build() -> bytes:
    document = WordDocument()
    document.title(TITLE)
    document.table(HEADER, ROWS)
    return document.saved()


def _action(row, leads, rag):
    return action(
        row[0],
        row[1],
        agency=row[2],
        leads=leads,
        target=row[4],
        rag=rag,
        details={"measure_of_success": row[5]},
    )


LAYOUT = Layout(
    name="send-wsoa",
    file_name="send-written-statement-of-action.docx",
    modelled_on="SEND written statement of action; areas of weakness as merged rows; '<name> & <team>' leads",
    build=build,
    expected=plan(
        TITLE,
        section(
            None,
            recommendation(
                "1",
                WEAKNESS_1,
                _action(
                    ROWS[1],
                    [Lead("Priya Raman", "", "Council"), Lead("", "SEND Casework Team", "Council")],
                    said("Amber"),
                ),
                _action(ROWS[2], [Lead("Aled Hargreaves", "Head of SEND", "Council")], said("Green")),
            ),
            recommendation(
                "2",
                WEAKNESS_2,
                _action(ROWS[4], [Lead("Hamish Oduya", "Designated Clinical Officer", "ICB")], said("Red")),
            ),
        ),
    ),
    choices=(Choice("column", "What we will do", "action"), Choice("column", "Partner", "agency")),
)
