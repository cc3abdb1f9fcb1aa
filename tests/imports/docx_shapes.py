"""Word documents in the shapes real action plans come in, built in memory; each returns bytes.

A cell's content in the row tables below is written as: a string (one paragraph), a list (one
paragraph per item), `Bold(text)` (a paragraph whose run is bold) or `Bullet(text)` (a paragraph
in Word's "List Bullet" style). "<merged>" marks a cell merged into the one on its left, "<above>"
one merged into the cell above. Header rows are bold.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.enum.text import WD_BREAK


@dataclass(frozen=True)
class Bold:
    text: str


@dataclass(frozen=True)
class Bullet:
    text: str


MERGED = "<merged>"
ABOVE = "<above>"

PLAN_TITLE = "Action Plan: Announced Inspection of Safeguarding and Looked after Children Services 2011"
VERSION_LINE = (
    "Action Plan: Announced Inspection of Safeguarding and Looked after Children Services Date/Version: July 2012 v3"
)

DARLINGTON_HEADER = (
    "Details Theme/Timescale",
    "Actions Required",
    "Responsible officer(s)",
    "Milestones",
    "Completion date",
    "Monitoring/ Status Notes",
)
DARLINGTON_ROWS = (
    (Bold("SAFEGUARDING"), MERGED, MERGED, MERGED, MERGED, MERGED),
    (
        "IMMEDIATE DBC The council should ensure that core group meetings are held regularly.",
        "Core group meetings to be scheduled at every initial child protection conference.",
        "DBC – NF (Service Manager)",
        "Monthly audit of core group dates",
        "14th June 2012",
        "Completed Future monitoring via internal performance clinic.",
    ),
    (
        "WITHIN 3 MONTHS DBC/PCT Ensure that children subject to a child protection plan have a health assessment.",
        "Health assessments to be tracked at each review.",
        "PCT – Named Nurse",
        "A&amp;E <b>audit</b> 14 <sup>th</sup> June",
        "30th September 2012",
        "On track",
    ),
    (
        "",
        "Results of the audit to be reported to the LSCB.",
        "LSCB Business Manager",
        "Report to LSCB",
        "31st October 2012",
        "",
    ),
    (
        "WITHIN 6 MONTHS LSCB Ensure that thresholds are understood by all partner agencies.",
        ["Review the LSCB threshold document.", "Deliver multi-agency training on thresholds."],
        ["LSCB Business Manager", "LSCB Training Officer"],
        "Revised document agreed",
        ["30th September 2012", "31st December 2012"],
        [
            "Update June 12: Threshold document revised and agreed by the Board.",
            "July 2012 update: Training dates set for the autumn. AMBER",
        ],
    ),
    (Bold("LOOKED AFTER CHILDREN"), MERGED, MERGED, MERGED, MERGED, MERGED),
    (
        "WITHIN 3 MONTHS DBC Improve the stability of placements for looked after children.",
        [Bullet("Placement stability reported quarterly"), Bullet("Care plans reviewed at every LAC review")],
        "DBC – Head of Children's Services",
        "Quarterly report",
        "March 2013",
        "Not yet started",
    ),
    (
        "WITHIN 6 MONTHS PCT Ensure that health assessments of looked after children are timely.",
        "Named nurse to monitor timeliness monthly.",
        "PCT – Named Nurse LAC",
        "Monthly report",
        "December 2012",
        "Ongoing",
    ),
)

SPLIT_ROWS = (
    (
        (Bold("SAFEGUARDING"), MERGED, MERGED, MERGED, MERGED, MERGED),
        (
            "1. The council should ensure that core group meetings are held regularly.",
            "Core group meetings to be scheduled at every initial conference.",
            "DBC – NF (Service Manager)",
            "Monthly audit",
            "14th June 2012",
            "Completed",
        ),
        (
            "2. Ensure that thresholds are understood by all partner agencies.",
            "Review the LSCB threshold document.",
            "LSCB Business Manager",
            "Revised document agreed",
            "30th September 2012",
            "Update June 12: draft circulated.",
        ),
    ),
    (
        (
            "",
            "Deliver multi-agency training on thresholds.",
            "LSCB Training Officer",
            "Training delivered",
            "31st December 2012",
            "July 2012 update: dates set. AMBER",
        ),
        (
            "3. Improve the quality of child protection plans.",
            "Audit of plans by the Safeguarding Unit.",
            "DBC – Safeguarding Unit Manager",
            "Audit report",
            "November 2012",
            "Ongoing",
        ),
    ),
    (
        (
            "4. Improve the stability of placements.",
            "Placement stability reported quarterly.",
            "DBC – Head of Children's Services",
            "Quarterly report",
            "March 2013",
            "Not yet started",
        ),
        (
            "5. Ensure health assessments of looked after children are timely.",
            "Named nurse to monitor timeliness monthly.",
            "PCT – Named Nurse LAC",
            "Monthly report",
            "December 2012",
            "Completed GREEN",
        ),
    ),
)

COUNCIL_AND_HEALTH_HEADER = (
    "Ref",
    "Recommendation",
    "Council action",
    "Council lead",
    "Council outcome",
    "Council evidence",
    "Health action",
    "Health lead",
    "Health outcome",
    "Health evidence",
    "Timescale",
    "Progress",
)
COUNCIL_AND_HEALTH_ROWS = (
    (
        "1",
        "Ensure that all referrals are acknowledged within one working day.",
        "Introduce a referral tracking log.",
        "Head of Children's Social Care",
        "All referrals acknowledged on time",
        "Monthly tracking report",
        "Health referrals sent through the single point of contact.",
        "Designated Nurse",
        "Referrals from health reach the front door",
        "Audit of health referrals",
        "3 months",
        "Completed",
    ),
    (
        "2",
        "Improve the recording of the child's voice in assessments.",
        "Revise the assessment template.",
        "Principal Social Worker",
        "The child's views recorded in every assessment",
        "Case file audit",
        "",
        "",
        "",
        "",
        "6 months",
        "On track",
    ),
    (
        "3",
        "Strengthen the health contribution to child protection conferences.",
        "Share conference dates with GP practices.",
        "Conference Service Manager",
        "GP reports received before conference",
        "Conference attendance figures",
        "GP practices to submit a report for every conference.",
        "Named GP",
        "Reports received for 90% of conferences",
        "Quarterly audit",
        "6 months",
        "Ongoing AMBER",
    ),
)

NUMBERED_AREAS_HEADER = ("Area", "No.", "Action", "Lead", "Reported to", "Target date", "Progress (RAG)")
NUMBERED_AREAS_ROWS = (
    (Bold("1 Leadership"), "", "", "", "", "", ""),
    (
        "",
        "1.1",
        "Agree a shared performance framework for the partnership.",
        "LSCB Chair",
        "LSCB",
        "June 2013",
        "Completed GREEN",
    ),
    (
        "",
        "1.2",
        "Report on the framework to the Health and Wellbeing Board.",
        "DCS",
        "HWB",
        "September 2013",
        "Ongoing AMBER",
    ),
    ("", "1.3", "[See action 1.1 above]", "LSCB Chair", "LSCB", "June 2013", "Completed GREEN"),
    (Bold("2 Assessment"), "", "", "", "", "", ""),
    (
        "",
        "2.1",
        "Audit the timeliness of single assessments.",
        "Head of Social Care",
        "Performance sub-group",
        "October 2013",
        "Ongoing AMBER",
    ),
    (
        "",
        "2.2",
        "Introduce weekly case supervision for new staff.",
        "Service Manager",
        "LSCB",
        "December 2013",
        "Not started RED",
    ),
)

VERTICAL_HEADER = ("Recommendation", "Action", "Lead", "Target date")
VERTICAL_ROWS = (
    (
        "Improve the quality of assessments of children in need.",
        "Introduce a quality assurance checklist.",
        "Service Manager",
        "30th June 2013",
    ),
    (ABOVE, "Train all social workers in the new assessment framework.", "Training Manager", "30th September 2013"),
    (ABOVE, "Audit twenty assessments each quarter.", "Principal Social Worker", "31st December 2013"),
    (
        "Ensure supervision is recorded on every case file.",
        "Monthly supervision audit.",
        "Head of Service",
        "31st March 2014",
    ),
)

NO_TABLE_PARAGRAPHS = (
    PLAN_TITLE,
    "Recommendation 1: The council should ensure that core group meetings are held regularly.",
    "Action: core group meetings to be scheduled at every initial child protection conference.",
)


SECTIONED_TITLE = "Joint Targeted Area Inspection of Wessex: Action Plan"
SECTIONED_SUBTITLE = ("Wessex Safeguarding Children Partnership Board", "Meeting of 14 March 2019", "Agenda item 6")
SECTIONED_HEADER = ("Recommendation", "Action", "Lead", "Target date", "Progress")
SECTIONED_TABLES = (
    (
        "Safeguarding",
        (
            (
                "1. Ensure that referrals are acknowledged within one working day.",
                "Introduce a referral tracking log.",
                "Head of Service",
                "June 2019",
                "Completed",
            ),
            ("", "Report the tracking log to the Board each quarter.", "Business Manager", "September 2019", "Ongoing"),
            (
                "2. Improve the recording of the child's voice in assessments.",
                "Revise the assessment template.",
                "Principal Social Worker",
                "July 2019",
                "Ongoing",
            ),
        ),
    ),
    (
        "Looked After Children",
        (
            (
                "1. Improve the stability of placements for looked after children.",
                "Report placement stability each quarter.",
                "Head of Children's Services",
                "March 2020",
                "Not started",
            ),
            (
                "2. Ensure that health assessments of looked after children are timely.",
                "Named nurse to monitor timeliness each month.",
                "Named Nurse",
                "December 2019",
                "Ongoing",
            ),
        ),
    ),
)

CUT_PAGES = (
    (
        (
            "1. Ensure that referrals are acknowledged within one working day.",
            "Introduce a referral tracking log.",
            "Head of Service",
            "June 2019",
            "Completed",
        ),
        (
            "2. Ensure that the voice of the child is recorded",
            "Revise the assessment template so that the child's views",
            "Principal Social Worker",
            "July 2019",
            "Ongoing",
        ),
    ),
    (
        ("in every assessment.", "are written in their own words.", "", "", ""),
        (
            "3. Strengthen the supervision of new staff.",
            "Audit supervision monthly.",
            "Head of Service",
            "March 2020",
            "",
        ),
    ),
)

NUMBERED_ACTIONS_HEADER = ("Recommendation", "Action", "Lead", "Target date")
NUMBERED_ACTIONS_ROWS = (
    (
        "1. Improve the quality of assessments.",
        "1.1 Introduce a quality assurance checklist.",
        "Service Manager",
        "June 2019",
    ),
    ("", "1.2 Train all social workers in the assessment framework.", "Training Manager", "September 2019"),
    ("", "1.3 Audit twenty assessments each quarter.", "Principal Social Worker", "December 2019"),
    (
        "2. Report progress on assessments to the Board.",
        "2.1 Actions in 1.1 - 1.3 reported to the Board each quarter.",
        "Business Manager",
        "March 2020",
    ),
    ("", "1.5 million pounds to be found for extra assessment staff.", "Director", "April 2020"),
)


def darlington_style() -> bytes:
    """A Darlington-style plan: the paragraph PLAN_TITLE, then one 6-column table.

    Row 1 is DARLINGTON_HEADER (bold). Then DARLINGTON_ROWS (8 rows):
    - "SAFEGUARDING", bold, merged across all 6 columns (a section row);
    - "IMMEDIATE DBC The council should ensure that core group meetings are held regularly." | "Core group
      meetings to be scheduled at every initial child protection conference." | "DBC – NF (Service Manager)" |
      "Monthly audit of core group dates" | "14th June 2012" | "Completed Future monitoring via internal
      performance clinic.";
    - a recommendation "WITHIN 3 MONTHS DBC/PCT Ensure that children subject to a child protection plan have a
      health assessment." whose Milestones cell is typed HTML, "A&amp;E <b>audit</b> 14 <sup>th</sup> June"
      (read as "A&E audit 14th June");
    - its continuation: first cell blank, a second action "Results of the audit to be reported to the LSCB.";
    - "WITHIN 6 MONTHS LSCB Ensure that thresholds are understood by all partner agencies." with two actions,
      two leads and two dates as aligned paragraphs, and the status "Update June 12: Threshold document revised
      and agreed by the Board." / "July 2012 update: Training dates set for the autumn. AMBER";
    - "LOOKED AFTER CHILDREN", bold, merged across all 6 columns;
    - "WITHIN 3 MONTHS DBC Improve the stability of placements for looked after children." whose action is a
      bullet list: "Placement stability reported quarterly", "Care plans reviewed at every LAC review";
    - "WITHIN 6 MONTHS PCT Ensure that health assessments of looked after children are timely." (one action).
    """
    document = docx.Document()
    document.add_paragraph(PLAN_TITLE)
    _add_table(document, DARLINGTON_HEADER, DARLINGTON_ROWS)
    return _saved(document)


def split_across_pages() -> bytes:
    """The Darlington columns as a PDF-to-Word conversion leaves them: the paragraph PLAN_TITLE, then three
    tables, each starting with DARLINGTON_HEADER (bold), separated by a page break and the paragraph
    VERSION_LINE. SPLIT_ROWS holds each table's data rows: table 1 has the bold "SAFEGUARDING" row merged
    across all columns and recommendations "1." and "2."; table 2 starts with the continuation of
    recommendation 2 (first cell blank) and then "3."; table 3 has "4." and "5." (7 data rows in all).
    """
    document = docx.Document()
    document.add_paragraph(PLAN_TITLE)
    for number, rows in enumerate(SPLIT_ROWS):
        if number:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            document.add_paragraph(VERSION_LINE)
        _add_table(document, DARLINGTON_HEADER, rows)
    return _saved(document)


def council_and_health() -> bytes:
    """A two-part layout, the council's and health's parts side by side: one 12-column table,
    COUNCIL_AND_HEALTH_HEADER (bold) then the 3 COUNCIL_AND_HEALTH_ROWS, refs "1" to "3". Recommendation 2
    has the four health cells empty. No paragraph before the table."""
    document = docx.Document()
    _add_table(document, COUNCIL_AND_HEALTH_HEADER, COUNCIL_AND_HEALTH_ROWS)
    return _saved(document)


def numbered_areas() -> bytes:
    """Numbered areas and actions: one 7-column table, NUMBERED_AREAS_HEADER (bold) then
    NUMBERED_AREAS_ROWS. The areas "1 Leadership" and "2 Assessment" are section rows: the area in the
    first cell, bold, the other cells empty (not merged). Actions 1.1, 1.2, 1.3, 2.1, 2.2 have the Area
    cell empty; action 1.3 reads "[See action 1.1 above]"; progress cells such as "Ongoing AMBER" and
    "Completed GREEN". No paragraph before the table."""
    document = docx.Document()
    _add_table(document, NUMBERED_AREAS_HEADER, NUMBERED_AREAS_ROWS)
    return _saved(document)


def vertically_merged() -> bytes:
    """One recommendation over several actions: a 4-column table, VERTICAL_HEADER (bold) then
    VERTICAL_ROWS. The first data row's Recommendation cell "Improve the quality of assessments of
    children in need." is merged down three rows, each row with its own action, lead and date; a fourth
    row has a recommendation of its own. No paragraph before the table."""
    document = docx.Document()
    _add_table(document, VERTICAL_HEADER, VERTICAL_ROWS)
    return _saved(document)


def sections_between_tables(heading: str = "heading") -> bytes:
    """A plan in one table per section: SECTIONED_TITLE in Word's Title style and the
    SECTIONED_SUBTITLE lines as plain paragraphs, then for each of SECTIONED_TABLES its section's
    name above a table of SECTIONED_HEADER (bold) and its rows. The name is a paragraph in the
    style "Heading 2" (`heading` "heading"), in bold ("bold"), or a caption "Table 1: Safeguarding"
    in Word's Caption style ("caption"). Each section numbers its recommendations from "1."."""
    document = docx.Document()
    document.add_paragraph(SECTIONED_TITLE, style="Title")
    for line in SECTIONED_SUBTITLE:
        document.add_paragraph(line)
    for number, (section, rows) in enumerate(SECTIONED_TABLES, start=1):
        if heading == "heading":
            document.add_paragraph(section, style="Heading 2")
        elif heading == "bold":
            document.add_paragraph().add_run(section).bold = True
        else:
            document.add_paragraph(f"Table {number}: {section}", style="Caption")
        _add_table(document, SECTIONED_HEADER, rows)
    return _saved(document)


def cut_by_a_page_break(*, repeat_header: bool = True) -> bytes:
    """A table Word saved as two, the second on a new page: the paragraph SECTIONED_TITLE, a
    table of SECTIONED_HEADER (bold) and the rows of CUT_PAGES[0], a page break, then a table
    of the rows of CUT_PAGES[1] (under SECTIONED_HEADER again if `repeat_header`). The last row
    of the first page stops mid-sentence in its Recommendation and Action cells; the first row
    of the next page finishes them, in lower case, with no number and no lead."""
    document = docx.Document()
    document.add_paragraph(SECTIONED_TITLE)
    first, second = CUT_PAGES
    _add_table(document, SECTIONED_HEADER, first)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if repeat_header:
        _add_table(document, SECTIONED_HEADER, second)
    else:
        _add_table(document, second[0], second[1:], bold_header=False)
    return _saved(document)


def numbered_actions() -> bytes:
    """Action numbers written in the action's own words: one table, NUMBERED_ACTIONS_HEADER (bold)
    then NUMBERED_ACTIONS_ROWS: actions "1.1 ..." to "1.3 ..." under recommendation "1.", then
    "2.1 Actions in 1.1 - 1.3 reported to the Board each quarter." under "2.", and an action
    starting with an amount, "1.5 million pounds ...". No paragraph before the table."""
    document = docx.Document()
    _add_table(document, NUMBERED_ACTIONS_HEADER, NUMBERED_ACTIONS_ROWS)
    return _saved(document)


def no_table() -> bytes:
    """A plan written as paragraphs only: NO_TABLE_PARAGRAPHS, and no table."""
    document = docx.Document()
    for text in NO_TABLE_PARAGRAPHS:
        document.add_paragraph(text)
    return _saved(document)


def docx_with_tables(*tables: tuple) -> bytes:
    """Separate tables, each given as its header row then its data rows, with a paragraph between."""
    document = docx.Document()
    for number, (header, *rows) in enumerate(tables, start=1):
        document.add_paragraph(f"Table {number}")
        _add_table(document, tuple(header), tuple(rows))
    return _saved(document)


def docx_under_headings(header: tuple, *sections: tuple) -> bytes:
    """Tables of one layout, each given as (heading, rows): the heading, if any, as a paragraph
    in the style "Heading 2", then a table of `header` (bold) and the rows."""
    document = docx.Document()
    for heading, rows in sections:
        if heading:
            document.add_paragraph(heading, style="Heading 2")
        _add_table(document, header, rows)
    return _saved(document)


def password_protected() -> bytes:
    """What the detector sees of a password-protected Word or Excel file: an OLE compound file (its 8-byte
    signature) holding a stream named "EncryptedPackage". Not a complete OLE file."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512)


def word_97_2003() -> bytes:
    """What the detector sees of a Word 97-2003 (.doc) document: the OLE signature and a "WordDocument" stream."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(512)


def _add_table(document, header: tuple, rows: tuple, *, bold_header: bool = True) -> None:
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _write(cell, Bold(text) if bold_header else text)
    for row_index, row in enumerate(rows, start=1):
        for column, content in enumerate(row):
            if content not in (MERGED, ABOVE):
                _write(table.cell(row_index, column), content)
        for column, content in enumerate(row):
            if content == MERGED:
                table.cell(row_index, column - 1).merge(table.cell(row_index, column))
            elif content == ABOVE:
                table.cell(row_index - 1, column).merge(table.cell(row_index, column))


def _write(cell, content) -> None:
    paragraphs = content if isinstance(content, list) else [content]
    for index, item in enumerate(paragraphs):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if isinstance(item, Bullet):
            paragraph.style = "List Bullet"
            paragraph.add_run(item.text)
        elif isinstance(item, Bold):
            paragraph.add_run(item.text).bold = True
        elif item:
            paragraph.add_run(item)


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
