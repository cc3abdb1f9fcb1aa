"""A neglect strategy action plan in Word: the recommendation merged down over its actions, action
cells of an opening line and bulleted steps that share one lead and one date (one action, not
several), a lead cell naming a role and a police officer ("Head of Early Help / DI Rhys Carrow
(Police)"), and a "Reported to" column naming the sub-group that checks each action."""

from .expected import Choice, Layout, Lead, action, plan, recommendation, said, section
from .files import ABOVE, Bullets, WordDocument

TITLE = "Fenwick Cross Safeguarding Partnership: Neglect Strategy Action Plan 2025"
HEADER = ("Recommendation", "Action", "Lead", "Date", "Reported to", "RAG")
REC_1 = "Practitioners should use the neglect assessment tool consistently across the partnership."
REC_2 = "The partnership should know how well its neglect training changes practice."
STEPS = ("train 40 champions across agencies", "add the tool to the early help assessment", "audit its use in March")
ROWS = (
    (
        REC_1,
        Bullets("Relaunch the neglect assessment tool:", STEPS),
        "Head of Early Help / DI Rhys Carrow (Police)",
        "March 2025",
        "Performance and Quality Sub-group",
        "Amber",
    ),
    (
        ABOVE,
        "Publish a practice guide for schools on recognising neglect.",
        "Leonie Haverford",
        "January 2025",
        "Education Safeguarding Group",
        "Green",
    ),
    (
        REC_2,
        "Follow up every neglect course with a practice survey after three months.",
        "Partnership Training Officer",
        "July 2025",
        "Learning and Development Sub-group",
        "Red",
    ),
)


def build() -> bytes:
    document = WordDocument()
    document.title(TITLE)
    document.table(HEADER, ROWS)
    return document.saved()


def _action(text, leads, row, rag):
    return action("", text, leads=leads, target=row[3], rag=rag, details={"reported_to": row[4]})


LAYOUT = Layout(
    name="bulleted-steps",
    file_name="neglect-strategy-action-plan.docx",
    modelled_on="neglect strategy action plan; bulleted steps in one action, a 'Reported to' column",
    build=build,
    expected=plan(
        TITLE,
        section(
            None,
            recommendation(
                "",
                REC_1,
                _action(
                    "Relaunch the neglect assessment tool:\n" + "\n".join(STEPS),
                    [Lead("", "Head of Early Help"), Lead("Rhys Carrow", "DI", "Police")],
                    ROWS[0],
                    said("Amber"),
                ),
                _action(ROWS[1][1], [Lead("Leonie Haverford")], ROWS[1], said("Green")),
            ),
            recommendation(
                "", REC_2, _action(ROWS[2][1], [Lead("", "Partnership Training Officer")], ROWS[2], said("Red"))
            ),
        ),
    ),
    choices=(Choice("default_agency", "FCSP"),),
)
