"""A 2012-style health action plan in Word after a safeguarding and looked after children
inspection: recommendations that name the bodies they address ("NHS Thornbury should ensure...",
"The Council and NHS Thornbury should..."), a lead cell naming two people each with their agency
("PCT Lead: <name> Trust Lead: <name>"), and dated progress notes ("Update March 2012: ...")."""

from .expected import Layout, Lead, action, plan, recommendation, section
from .files import WordDocument

TITLE = "Action Plan: Safeguarding and Looked After Children Inspection - Health Services"
HEADER = ("Recommendation", "Action", "Lead", "Timescale", "Progress")
REC_1 = "NHS Thornbury should ensure that all health staff receive safeguarding training at the right level."
REC_2 = "The Council and NHS Thornbury should agree a protocol for sharing information about unborn babies."
ROWS = (
    (
        REC_1,
        "Run a training needs analysis for every staff group against the intercollegiate document.",
        "PCT Lead: Janet Oyelaran Trust Lead: Martin Kowalczyk",
        "June 2012",
        "Update March 2012: analysis completed for the acute trust; community services by May.",
    ),
    (
        REC_1,
        "Report training compliance to the LSCB every quarter.",
        "PCT Lead: Janet Oyelaran",
        "From July 2012",
        "Update March 2012: first report due in July.",
    ),
    (
        REC_2,
        "Write and agree the unborn baby protocol with children's social care and midwifery.",
        "Trust Lead: Martin Kowalczyk",
        "September 2012",
        "Update March 2012: draft shared with the LSCB policy group.",
    ),
)
PCT = ("PCT", "NHS Thornbury")
TRUST = ("Trust",)


def build() -> bytes:
    document = WordDocument()
    document.paragraph(TITLE, bold=True)
    document.table(HEADER, ROWS)
    return document.saved()


def _action(row, agency, leads, progress):
    return action("", row[1], agency=agency, leads=leads, target=row[3], progress=progress, progress_as_at="March 2012")


LAYOUT = Layout(
    name="pct-trust-leads",
    file_name="health-action-plan-2012.docx",
    modelled_on="2012 health services action plan; 'PCT Lead: <name> Trust Lead: <name>' lead cells",
    build=build,
    expected=plan(
        "Safeguarding and Looked After Children Inspection - Health Services",
        section(
            None,
            recommendation(
                "",
                REC_1,
                _action(
                    ROWS[0],
                    PCT,
                    [Lead("Janet Oyelaran", "", PCT), Lead("Martin Kowalczyk", "", TRUST)],
                    "analysis completed for the acute trust; community services by May.",
                ),
                _action(ROWS[1], PCT, [Lead("Janet Oyelaran", "", PCT)], "first report due in July."),
                agencies=["NHS Thornbury"],
            ),
            recommendation(
                "",
                REC_2,
                _action(
                    ROWS[2], TRUST, [Lead("Martin Kowalczyk", "", TRUST)], "draft shared with the LSCB policy group."
                ),
                agencies=["Council", "NHS Thornbury"],
            ),
        ),
    ),
)
