"""An action plan in Word whose sections are numbered Word headings ("1. Leadership and
governance"), each with its recommendation written as a paragraph above the section's table
rather than in it; action numbers in a Ref column; one action pointing at others ("See actions
1.1 - 1.2"); leads written "<name>, <role>"."""

from .expected import Choice, Layout, Lead, action, plan, recommendation, said, section
from .files import WordDocument

TITLE = "Harrowgate Vale Local Safeguarding Children Board: Post-Inspection Action Plan"
HEADER = ("Ref", "Action", "Owner", "Due", "Status", "Update")
REC_1 = "Recommendation 1: The LSCB should monitor the impact of its multi-agency training."
REC_2 = "Recommendation 2: Partners should make sure early help is offered before problems escalate."
LEADERSHIP = (
    (
        "1.1",
        "Evaluate every multi-agency course three months after it is delivered.",
        "Ophelia Strand, Training Coordinator",
        "July 2025",
        "Underway",
        "Evaluation form agreed.",
    ),
    (
        "1.2",
        "Report the training evaluation to the Board twice a year.",
        "Ophelia Strand, Training Coordinator",
        "December 2025",
        "Not yet due",
        "",
    ),
)
EARLY_HELP = (
    (
        "2.1",
        "Publish an early help offer for families with children under five.",
        "Benedikt Nakamura, Early Help Manager",
        "June 2025",
        "Completed",
        "Published in May.",
    ),
    (
        "2.2",
        "See actions 1.1 - 1.2: include early help in the training evaluation.",
        "Ophelia Strand, Training Coordinator",
        "July 2025",
        "Underway",
        "",
    ),
)


def build() -> bytes:
    document = WordDocument()
    document.title(TITLE)
    document.heading("1. Leadership and governance", level=1)
    document.paragraph(REC_1)
    document.table(HEADER, LEADERSHIP)
    document.heading("2. Early help", level=1)
    document.paragraph(REC_2)
    document.table(HEADER, EARLY_HELP)
    return document.saved()


OPHELIA = Lead("Ophelia Strand", "Training Coordinator")


def _action(row, lead, status):
    return action(row[0], row[1], leads=[lead], target=row[3], status=status, progress=row[5])


LAYOUT = Layout(
    name="numbered-headings",
    file_name="post-inspection-action-plan.docx",
    modelled_on="LSCB post-inspection plan; numbered Word headings, recommendations as paragraphs above tables",
    build=build,
    expected=plan(
        TITLE,
        section(
            "Leadership and governance",
            recommendation(
                "1",
                "The LSCB should monitor the impact of its multi-agency training.",
                _action(LEADERSHIP[0], OPHELIA, said("Underway")),
                _action(LEADERSHIP[1], OPHELIA, said("Not yet due")),
                agencies=["LSCB"],
            ),
            number="1",
        ),
        section(
            "Early help",
            recommendation(
                "2",
                "Partners should make sure early help is offered before problems escalate.",
                _action(EARLY_HELP[0], Lead("Benedikt Nakamura", "Early Help Manager"), said("Completed")),
                action(
                    "2.2",
                    EARLY_HELP[1][1],
                    leads=[OPHELIA],
                    target="July 2025",
                    status=said("Underway"),
                    see_also=("1.1", "1.2"),
                ),
            ),
            number="2",
        ),
    ),
    choices=(Choice("default_agency", "LSCB"), Choice("column", "Due", "target")),
)
