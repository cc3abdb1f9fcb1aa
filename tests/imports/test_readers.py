import datetime
import io
import random
import zipfile

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl.styles import Font

from imports import readers
from imports.readers import read_upload
from imports.table import Cell, ImportRefused
from imports.text import clean_cell_text
from tests.evidence_files import PDF, PNG, relationships, with_parts
from tests.imports import docx_shapes as shapes

MB = 1024 * 1024
COVERED = Cell(covered=True)


def read(name: str, content: bytes):
    return read_upload(SimpleUploadedFile(name, content), name)


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ImportRefused) as refused:
        read(name, content)
    return str(refused.value)


def texts(table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def saved(document_or_workbook) -> bytes:
    buffer = io.BytesIO()
    document_or_workbook.save(buffer)
    return buffer.getvalue()


def with_member(data: bytes, name: str, change) -> bytes:
    """The zip `data` with member `name` replaced by change(its bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            target.writestr(member.filename, change(content) if member.filename == name else content)
    return buffer.getvalue()


def xlsx(fill) -> bytes:
    workbook = openpyxl.Workbook()
    fill(workbook.active)
    return saved(workbook)


ONE_ROW_WORKBOOK = xlsx(lambda sheet: sheet.append(["Action"]))


# --- Cell text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, text",
    [
        ("First paragraph\n\n  Second   paragraph\t here ", "First paragraph\n\nSecond paragraph here"),
        (
            "• Audit plans\n Train staff\n- Report\n* Review\n◦ Check",
            "- Audit plans\nTrain staff\n- Report\n- Review\n- Check",
        ),
        ("\uf0b7\tBullet pasted from Word", "- Bullet pasted from Word"),
        ("A&amp;E <b>audit</b> 14 <sup>th</sup> June", "A&E audit 14th June"),
        ("Summary<p>Detail</p>Next<br/>line<div>block</div>", "Summary\nDetail\nNext\nline\nblock"),
        ("Actions:<ul><li>Audit</li><li><p>Train</p></li></ul>", "Actions:\n- Audit\n- Train"),
        ('<span style="color:red">RED</span>&nbsp;rating', "RED rating"),
        ("Children <5 years and a < b > c", "Children <5 years and a < b > c"),
        ("R&D, AT&T, &para without a semicolon", "R&D, AT&T, &para without a semicolon"),
        ("Safe<script>alert(1)</script> text<!-- note -->", "Safe text"),
        ("<madeup>kept as typed</madeup>", "<madeup>kept as typed</madeup>"),
        ("-5 degrees\n-", "-5 degrees\n-"),
    ],
)
def test_cell_text_is_tidied_into_lines(raw, text):
    assert clean_cell_text(raw).text == text


@pytest.mark.parametrize(
    "raw, bold",
    [
        ("<b>SAFEGUARDING</b>", True),
        ("<p><strong>Section</strong></p><p><b>heading</b></p>", True),
        ("<b>Partly</b> bold", False),
        ("No tags", False),
        ("<b></b>", False),
    ],
)
def test_html_bold_is_reported_only_when_it_covers_every_word(raw, bold):
    assert clean_cell_text(raw).bold is bold


# --- Word documents ----------------------------------------------------------------------------


def test_a_darlington_style_plan_reads_as_one_table_with_its_title():
    read_file = read("plan.docx", shapes.darlington_style())

    assert read_file.kind == "docx"
    assert read_file.heading_lines == [shapes.PLAN_TITLE]
    [table] = read_file.tables
    assert table.name == "Table 1"
    assert table.width == 6
    assert table.row_labels == [f"table 1, row {number}" for number in range(1, 10)]
    assert texts(table)[0] == list(shapes.DARLINGTON_HEADER)
    assert all(cell.bold for cell in table.rows[0])
    assert texts(table)[2] == list(shapes.DARLINGTON_ROWS[1])
    assert not any(cell.bold for cell in table.rows[2])


def test_a_section_row_merged_across_the_table_is_one_bold_cell_and_covered_cells():
    table = read("plan.docx", shapes.darlington_style()).tables[0]

    assert table.rows[1] == [Cell("SAFEGUARDING", bold=True, spans=6)] + [COVERED] * 5
    assert table.rows[6] == [Cell("LOOKED AFTER CHILDREN", bold=True, spans=6)] + [COVERED] * 5


def test_paragraphs_bullets_and_typed_html_in_word_cells():
    rows = texts(read("plan.docx", shapes.darlington_style()).tables[0])

    assert rows[3][3] == "A&E audit 14th June"
    assert rows[4][0] == ""
    assert rows[5][1:] == [
        "Review the LSCB threshold document.\nDeliver multi-agency training on thresholds.",
        "LSCB Business Manager\nLSCB Training Officer",
        "Revised document agreed",
        "30th September 2012\n31st December 2012",
        "Update June 12: Threshold document revised and agreed by the Board.\n"
        "July 2012 update: Training dates set for the autumn. AMBER",
    ]
    assert rows[7][1] == "- Placement stability reported quarterly\n- Care plans reviewed at every LAC review"


def test_a_table_split_across_pages_is_joined_keeping_its_repeated_headers():
    read_file = read("plan.docx", shapes.split_across_pages())

    assert read_file.heading_lines == [shapes.PLAN_TITLE]
    [table] = read_file.tables
    assert table.name == "Tables 1 to 3"
    assert table.row_labels == [
        "table 1, row 1",
        "table 1, row 2",
        "table 1, row 3",
        "table 1, row 4",
        "table 2, row 1",
        "table 2, row 2",
        "table 2, row 3",
        "table 3, row 1",
        "table 3, row 2",
        "table 3, row 3",
    ]
    header = list(shapes.DARLINGTON_HEADER)
    rows = texts(table)
    assert rows[0] == rows[4] == rows[7] == header
    assert rows[5][:2] == ["", "Deliver multi-agency training on thresholds."]
    assert rows[9][5] == "Completed GREEN"


def test_tables_of_different_widths_stay_separate():
    document = docx.Document(io.BytesIO(shapes.vertically_merged()))
    document.add_paragraph("Glossary")
    glossary = document.add_table(rows=1, cols=2)
    glossary.cell(0, 0).text = "LSCB"
    glossary.cell(0, 1).text = "Local Safeguarding Children Board"

    tables = read("plan.docx", saved(document)).tables

    assert [(table.name, table.width) for table in tables] == [("Table 1", 4), ("Table 2", 2)]
    assert tables[1].row_labels == ["table 2, row 1"]


def test_a_cell_merged_down_repeats_its_text_in_each_row():
    data = shapes.vertically_merged()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"w:vMerge" in archive.read("word/document.xml")

    rows = read("plan.docx", data).tables[0].rows

    recommendation = Cell("Improve the quality of assessments of children in need.")
    assert [row[0] for row in rows[1:4]] == [recommendation] * 3
    assert [row[1].text for row in rows[1:4]] == [
        "Introduce a quality assurance checklist.",
        "Train all social workers in the new assessment framework.",
        "Audit twenty assessments each quarter.",
    ]
    assert rows[4][0].text == "Ensure supervision is recorded on every case file."


def test_a_cell_merged_across_and_down_is_spanned_and_covered_in_each_row():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "Joint action"
    table.cell(0, 0).merge(table.cell(1, 1))
    table.cell(0, 2).text = "DBC"
    table.cell(1, 2).text = "PCT"
    table.cell(2, 0).text = "Next"

    rows = read("plan.docx", saved(document)).tables[0].rows

    assert rows[0] == [Cell("Joint action", spans=2), COVERED, Cell("DBC")]
    assert rows[1] == [Cell("Joint action", spans=2), COVERED, Cell("PCT")]
    assert rows[2] == [Cell("Next"), Cell(), Cell()]


def test_a_two_part_council_and_health_plan_keeps_all_twelve_columns():
    table = read("plan.docx", shapes.council_and_health()).tables[0]

    assert texts(table)[0] == list(shapes.COUNCIL_AND_HEALTH_HEADER)
    assert texts(table)[2][6:10] == ["", "", "", ""]
    assert texts(table)[3][-1] == "Ongoing AMBER"


def test_numbered_areas_are_bold_first_cells_with_their_actions_below():
    read_file = read("plan.docx", shapes.numbered_areas())

    assert read_file.heading_lines == []
    rows = read_file.tables[0].rows
    assert rows[1] == [Cell("1 Leadership", bold=True)] + [Cell()] * 6
    assert [row[1].text for row in rows[2:5]] == ["1.1", "1.2", "1.3"]
    assert rows[4][2].text == "[See action 1.1 above]"
    assert rows[5][0] == Cell("2 Assessment", bold=True)


def test_numbered_paragraphs_become_list_lines_unless_numbering_is_switched_off():
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("Actions:")
    for text, list_number in (("Audit plans", "1"), ("Not a list item", "0")):
        paragraph = cell.add_paragraph(text)
        numbering = OxmlElement("w:numPr")
        number = OxmlElement("w:numId")
        number.set(qn("w:val"), list_number)
        numbering.append(number)
        paragraph._p.get_or_add_pPr().append(numbering)
    cell.add_paragraph("Train staff", style="List Number")

    assert read("plan.docx", saved(document)).tables[0].rows[0][0].text == (
        "Actions:\n- Audit plans\nNot a list item\n- Train staff"
    )


def test_bold_comes_from_runs_and_styles_and_needs_every_word():
    document = docx.Document()
    cells = document.add_table(rows=1, cols=5).rows[0].cells
    cells[0].paragraphs[0].style = "Heading 1"
    cells[0].paragraphs[0].add_run("Styled heading")
    cells[1].paragraphs[0].add_run("Strong words", style="Strong")
    cells[2].paragraphs[0].add_run("Bold ").bold = True
    cells[2].paragraphs[0].add_run("and plain")
    cells[3].paragraphs[0].style = "Heading 1"
    cells[3].paragraphs[0].add_run("Unbolded heading").bold = False
    cells[4].text = "<b>Typed tags</b>"

    row = read("plan.docx", saved(document)).tables[0].rows[0]

    assert [cell.bold for cell in row] == [True, True, False, False, True]


def test_a_nested_table_is_flattened_into_lines_of_its_cell():
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Recommendation 1"
    outer.cell(0, 1).text = "Actions:"
    inner = outer.cell(0, 1).add_table(rows=2, cols=2)
    for row, (action, lead) in enumerate((("Audit", "DBC"), ("Train", "PCT"))):
        inner.cell(row, 0).text = action
        inner.cell(row, 1).text = lead

    [table] = read("plan.docx", saved(document)).tables

    assert texts(table) == [["Recommendation 1", "Actions:\nAudit\nDBC\nTrain\nPCT"]]


def test_a_row_that_ends_early_is_padded_to_the_table_width():
    document = docx.Document(io.BytesIO(shapes.council_and_health()))
    row = document.tables[0].rows[2]._tr
    row.remove(row.tc_lst[-1])

    table = read("plan.docx", saved(document)).tables[0]

    assert [len(row) for row in table.rows] == [12, 12, 12, 12]
    assert table.rows[2][-1] == Cell()


def test_heading_lines_stop_at_the_first_table_and_at_twenty():
    document = docx.Document()
    for number in range(1, 26):
        document.add_paragraph(f"Line {number}")
        document.add_paragraph("")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Plan"
    document.add_paragraph("After the table")

    read_file = read("plan.docx", saved(document))

    assert read_file.heading_lines == [f"Line {number}" for number in range(1, 21)]


def two_tables_under(first_heading, second_heading, *, style="Heading 2") -> bytes:
    """The title, then each heading (a paragraph in `style`) above a two-column table."""
    document = docx.Document()
    document.add_paragraph(shapes.SECTIONED_TITLE, style="Title")
    for heading in (first_heading, second_heading):
        if heading:
            document.add_paragraph(heading, style=style)
        table = document.add_table(rows=2, cols=2)
        for cell, text in zip(table.rows[0].cells, ["Action", "Lead"], strict=True):
            cell.text = text
        table.cell(1, 0).text, table.cell(1, 1).text = f"Act on {heading}", "Manager"
    return saved(document)


def test_headings_above_tables_of_one_layout_mark_where_each_section_starts():
    read_file = read("plan.docx", two_tables_under("Safeguarding", "Looked After Children"))

    [table] = read_file.tables
    assert table.page_starts == [2]
    assert table.headings == [(0, "Safeguarding"), (2, "Looked After Children")]
    assert read_file.heading_lines == [shapes.SECTIONED_TITLE]


def test_a_heading_above_the_only_table_is_the_documents_not_a_sections():
    document = docx.Document()
    document.add_paragraph().add_run("Wessex Safeguarding Children Partnership").bold = True
    document.add_table(rows=2, cols=2).cell(1, 0).text = "Act"

    read_file = read("plan.docx", saved(document))

    assert read_file.tables[0].headings == []
    assert read_file.heading_lines == ["Wessex Safeguarding Children Partnership"]


@pytest.mark.parametrize(
    "second, read_as",
    [
        ("Safeguarding (continued)", "Safeguarding"),
        ("Table 2: Early help", "Early help"),
        ("Continued overleaf", None),
        (shapes.SECTIONED_TITLE, None),
    ],
)
def test_a_heading_is_read_without_its_caption_number_or_continued_and_the_pages_title_is_none(second, read_as):
    style = "Caption" if second.startswith("Table") else "Heading 2"
    [table] = read("plan.docx", two_tables_under("Safeguarding", second, style=style)).tables

    expected = [(0, "Safeguarding"), (2, read_as)] if read_as else []
    assert table.headings == expected


def test_a_plain_paragraph_between_tables_is_not_a_heading():
    document = docx.Document(io.BytesIO(two_tables_under("Safeguarding", "")))
    [table] = read("plan.docx", saved(document)).tables

    assert table.headings == []


# --- Excel workbooks ---------------------------------------------------------------------------


def test_a_sheet_reads_from_its_first_to_its_last_cell_with_anything_in_it():
    def fill(sheet):
        sheet.title = "Action plan"
        sheet["B3"] = "Recommendation"
        sheet["C3"] = "Action"
        sheet["D3"] = "Lead"
        sheet["B4"] = "Improve assessments"
        sheet["D5"] = "DBC"
        sheet["F9"].font = Font(bold=True)  # formatted but empty: not part of the table

    read_file = read("plan.xlsx", xlsx(fill))

    assert read_file.kind == "xlsx"
    assert read_file.heading_lines == []
    [table] = read_file.tables
    assert table.name == "Action plan"
    assert table.row_labels == ["row 3", "row 4", "row 5"]
    assert texts(table) == [
        ["Recommendation", "Action", "Lead"],
        ["Improve assessments", "", ""],
        ["", "", "DBC"],
    ]


def test_every_sheet_with_something_in_it_is_a_table():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Plan"
    workbook.active["A1"] = "Action"
    workbook.create_sheet("Blank")
    workbook.create_sheet("Notes")["C5"] = "Agreed at the Board"

    tables = read("plan.xlsx", saved(workbook)).tables

    assert [(table.name, table.row_labels, texts(table)) for table in tables] == [
        ("Plan", ["row 1"], [["Action"]]),
        ("Notes", ["row 5"], [["Agreed at the Board"]]),
    ]


def test_merged_ranges_read_like_word_merges():
    def fill(sheet):
        sheet.append(["Recommendation", "Action", "Lead", "Target date"])
        sheet["A2"] = "SAFEGUARDING"
        sheet["A2"].font = Font(bold=True)
        sheet.merge_cells("A2:D2")
        sheet["A3"] = "Improve assessments"
        sheet.merge_cells("A3:A5")
        for row, action in enumerate(("Checklist", "Training", "Audit"), start=3):
            sheet.cell(row, 2, action)
        sheet["A6"] = "Supervision"
        sheet["B6"] = "Monthly audit"
        sheet["C6"] = "DBC and PCT"
        sheet.merge_cells("C6:D7")
        sheet["A7"] = "Recording"
        sheet["B7"] = "Case file audit"
        sheet.merge_cells("F1:H1")  # empty, beyond the table

    rows = read("plan.xlsx", xlsx(fill)).tables[0].rows

    assert len(rows[0]) == 4
    assert rows[1] == [Cell("SAFEGUARDING", bold=True, spans=4), COVERED, COVERED, COVERED]
    assert [row[0] for row in rows[2:5]] == [Cell("Improve assessments")] * 3
    assert [row[1].text for row in rows[2:5]] == ["Checklist", "Training", "Audit"]
    assert rows[5][2:] == [Cell("DBC and PCT", spans=2), COVERED]
    assert rows[6] == [Cell("Recording"), Cell("Case file audit"), Cell("DBC and PCT", spans=2), COVERED]


def test_values_read_as_a_person_sees_them():
    values = [
        ("Plain text", "General", "Plain text"),
        ("Line one\nLine two", "General", "Line one\nLine two"),
        ("'=SUM(A1:A3)", "General", "=SUM(A1:A3)"),
        ("'+44 1325 000000", "General", "+44 1325 000000"),
        ("'Quoted", "General", "'Quoted"),
        ("A&amp;E <b>audit</b>", "General", "A&E audit"),
        (3, "General", "3"),
        (3.0, "General", "3"),
        (1.1, "General", "1.1"),
        (0.1 + 0.2, "General", "0.3"),
        (0.75, "0%", "75%"),
        (True, "General", "Yes"),
        (False, "General", "No"),
        (datetime.date(2012, 6, 14), "d mmmm yyyy", "14 June 2012"),
        (datetime.date(2012, 6, 14), "dd/mm/yyyy", "14 June 2012"),
        (datetime.datetime(2012, 6, 14, 9, 30), "yyyy-mm-dd h:mm:ss", "14 June 2012"),
        (datetime.date(2012, 6, 14), "mmm-yy", "June 2012"),
        (datetime.date(2012, 6, 14), "mmmm yyyy", "June 2012"),
        (datetime.date(2012, 6, 14), '[$-809]mmmm "of" yyyy', "June 2012"),
    ]

    def fill(sheet):
        for row, (value, number_format, _) in enumerate(values, start=1):
            sheet.cell(row, 1, value).number_format = number_format

    table = read("plan.xlsx", xlsx(fill)).tables[0]

    assert [row[0].text for row in table.rows] == [shown for _, _, shown in values]


def test_bold_comes_from_the_cell_font_or_typed_tags():
    def fill(sheet):
        sheet.append(["LOOKED AFTER CHILDREN", "Normal", "<b>Typed</b>"])
        sheet["A1"].font = Font(bold=True)

    assert [cell.bold for cell in read("plan.xlsx", xlsx(fill)).tables[0].rows[0]] == [True, False, True]


def test_formulas_are_never_evaluated_only_their_saved_values_read():
    def fill(sheet):
        sheet["A1"] = "Label"
        sheet["B1"] = "=1+1"
        sheet["C1"] = "=B1*2"
        sheet["D1"] = '="Due "&"June"'

    def with_saved_values(xml: bytes) -> bytes:
        # What Excel does on saving and openpyxl cannot: keep each formula's last calculated value.
        xml = xml.replace(b"<f>B1*2</f><v></v>", b"<f>B1*2</f><v>4</v>")
        return xml.replace(
            b'<c r="D1"><f>"Due "&amp;"June"</f><v></v>', b'<c r="D1" t="str"><f>"Due "&amp;"June"</f><v>Due June</v>'
        )

    data = with_member(xlsx(fill), "xl/worksheets/sheet1.xml", with_saved_values)

    assert texts(read("plan.xlsx", data).tables[0]) == [["Label", "", "4", "Due June"]]


def test_a_sheet_that_declares_the_wrong_size_is_read_in_full():
    def fill(sheet):
        sheet.append(["Action", "Lead"])
        sheet.append(["Audit", "DBC"])

    data = with_member(xlsx(fill), "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'ref="A1:B2"', b'ref="A1"'))

    assert texts(read("plan.xlsx", data).tables[0]) == [["Action", "Lead"], ["Audit", "DBC"]]


def test_a_macro_enabled_workbook_is_read_as_a_workbook():
    assert texts(read("plan.xlsm", ONE_ROW_WORKBOOK).tables[0]) == [["Action"]]


# --- CSV files ---------------------------------------------------------------------------------


def test_a_csv_file_is_one_table_named_after_the_file():
    read_file = read("Darlington plan.csv", b"Ref,Action,Lead\r\n1,Hold core groups,DBC\r\n")

    assert read_file.kind == "csv"
    [table] = read_file.tables
    assert table.name == "Darlington plan.csv"
    assert table.row_labels == ["row 1", "row 2"]
    assert texts(table) == [["Ref", "Action", "Lead"], ["1", "Hold core groups", "DBC"]]


@pytest.mark.parametrize(
    "content",
    [
        "Lead,Cost\nDBC – NF,£5 café\n".encode(),
        b"\xef\xbb\xbf" + "Lead,Cost\nDBC – NF,£5 café\n".encode(),
        "Lead,Cost\nDBC – NF,£5 café\n".encode("cp1252"),
        "Lead\tCost\nDBC – NF\t£5 café\n".encode("utf-16"),
    ],
    ids=["utf-8", "utf-8 with BOM", "windows-1252", "utf-16"],
)
def test_csv_text_is_decoded_from_the_encodings_excel_saves(content):
    assert texts(read("plan.csv", content).tables[0]) == [["Lead", "Cost"], ["DBC – NF", "£5 café"]]


@pytest.mark.parametrize(
    "content",
    [
        "Ref;Action;Lead\n1;Review thresholds, then train staff;LSCB\n2;Audit plans;DBC\n",
        "Ref\tAction\tLead\n1\tReview thresholds, then train staff\tLSCB\n2\tAudit plans\tDBC\n",
        "Ref|Action|Lead\n1|Review thresholds, then train staff|LSCB\n2|Audit plans|DBC\n",
        'Ref,Action,Lead\n1,"Review thresholds, then train staff",LSCB\n2,Audit plans,DBC\n',
    ],
    ids=["semicolon", "tab", "bar", "comma"],
)
def test_the_csv_delimiter_is_detected(content):
    assert texts(read("plan.csv", content.encode()).tables[0]) == [
        ["Ref", "Action", "Lead"],
        ["1", "Review thresholds, then train staff", "LSCB"],
        ["2", "Audit plans", "DBC"],
    ]


def test_csv_cells_keep_quoted_line_breaks_and_are_tidied():
    content = (
        'Action,Milestones,Formula\n"Review the document.\nTrain staff.","• Audit\n• Report","\'=SUM(A1)"\n'
        '"A&amp;E <b>audit</b>",  spaced   out  ,\'@home\n'
    )

    assert texts(read("plan.csv", content.encode()).tables[0]) == [
        ["Action", "Milestones", "Formula"],
        ["Review the document.\nTrain staff.", "- Audit\n- Report", "=SUM(A1)"],
        ["A&E audit", "spaced out", "@home"],
    ]


def test_csv_rows_are_padded_and_empty_edges_dropped_keeping_record_numbers():
    content = b"\n,,\n,Ref,Action,Lead\n,1,Audit\n\n,2\n,,,\n\n"

    table = read("plan.csv", content).tables[0]

    assert table.row_labels == ["row 3", "row 4", "row 5", "row 6"]
    assert texts(table) == [["Ref", "Action", "Lead"], ["1", "Audit", ""], ["", "", ""], ["2", "", ""]]


# --- Reading the upload ------------------------------------------------------------------------


def test_an_open_file_without_a_size_is_read(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(b"Ref,Action\n1,Audit\n")

    with path.open("rb") as file:
        assert texts(read_upload(file, "plan.csv").tables[0]) == [["Ref", "Action"], ["1", "Audit"]]
    assert texts(read_upload(io.BytesIO(shapes.numbered_areas()), "C:\\fakepath\\plan.docx").tables[0])[1][0] == (
        "1 Leadership"
    )


# --- Refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["plan.docx", "plan.xlsx", "plan.csv"])
def test_an_empty_file_is_refused(name):
    assert refusal(name, b"") == (
        "The file is empty. Check you chose the file with the action plan in it, then upload it again."
    )


def test_a_file_over_the_size_limit_is_refused_with_both_sizes():
    message = refusal("plan.csv", b"a" * int(30.2 * MB))

    assert message.startswith("The file is 30.2 MB. The largest file Assure can import is 10 MB. ")


def test_a_stream_over_the_size_limit_is_refused_without_reading_it_all(settings):
    settings.IMPORT_MAX_BYTES = 1000

    class Stream:
        def read(self, size):
            return b"a" * size

    with pytest.raises(ImportRefused, match="The file is larger than 1 KB. The largest file Assure can import is 1 KB"):
        read_upload(Stream(), "plan.csv")


@pytest.mark.parametrize("name, content", [("plan.docx", shapes.darlington_style()), ("plan.xlsx", ONE_ROW_WORKBOOK)])
def test_documents_and_workbooks_over_the_size_limit_are_refused(settings, name, content):
    settings.IMPORT_MAX_BYTES = 2 * 1024

    assert "The largest file Assure can import is 2 KB." in refusal(name, content)


@pytest.mark.parametrize("name, application", [("plan.docx", "Word"), ("plan.xlsx", "Excel")])
def test_a_password_protected_file_is_refused(name, application):
    assert refusal(name, shapes.password_protected()) == (
        f"The file is protected with a password, so Assure cannot open it. Open it in {application}, remove the "
        "password (under File, Info), save it and upload it again."
    )


def test_an_older_word_file_renamed_docx_is_refused_with_how_to_save_it():
    message = refusal("plan.docx", shapes.word_97_2003())

    assert message.startswith("The file's name ends in .docx, but it looks like a Word 97-2003 document (.doc). ")
    assert "save it as a Word Document (.docx)" in message


def damaged(application: str, save_as: str) -> str:
    return (
        f"Assure cannot read the file: it is damaged or incomplete, or is not really a {application} file. "
        f"Open it in {application} to check it, save it as a {save_as} and upload that."
    )


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04 not really a zip",
        shapes.darlington_style()[:20000],
        zip_of({"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<styles/>"}),
        with_member(shapes.darlington_style(), "word/document.xml", lambda xml: xml[: len(xml) // 2]),
        b"Just some text named as a Word document",
    ],
    ids=["not a zip", "cut short", "main part missing", "broken XML", "text"],
)
def test_a_damaged_word_document_is_refused(content):
    assert refusal("plan.docx", content) == damaged("Word", "Word Document (.docx)")


def test_a_damaged_workbook_is_refused():
    broken = with_member(ONE_ROW_WORKBOOK, "xl/worksheets/sheet1.xml", lambda xml: xml[:60])

    assert refusal("plan.xlsx", broken) == damaged("Excel", "Excel Workbook (.xlsx)")


@pytest.mark.parametrize(
    "name, content, looks_like, advice",
    [
        ("plan.docx", PDF, "a PDF", "Check you chose the right file."),
        ("plan.xlsx", PNG, "a PNG image", "Check you chose the right file."),
        ("plan.docx", ONE_ROW_WORKBOOK, "an Excel workbook", "change the end of its name to .xlsx"),
        ("plan.xlsx", shapes.numbered_areas(), "a Word document", "change the end of its name to .docx"),
        ("plan.csv", ONE_ROW_WORKBOOK, "an Excel workbook", "change the end of its name to .xlsx"),
        ("plan.csv", PDF, "a PDF", "Check you chose the right file."),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(name, content, looks_like, advice):
    message = refusal(name, content)

    assert message.startswith(f"The file's name ends in .{name.rsplit('.')[-1]}, but it looks like {looks_like}. ")
    assert advice in message


def test_binary_data_named_csv_is_refused():
    assert refusal("plan.csv", b"\x89\x00\x13binary\x00data") == (
        "The file's name ends in .csv, but it is not a text file, so it cannot be a CSV file. Check you chose the "
        f"right file. {readers.ACCEPTED}"
    )


@pytest.mark.parametrize(
    "name, says",
    [
        (
            "plan.doc",
            "Assure cannot import Word 97-2003 documents (.doc). Assure imports a plan from a Word document (.docx), "
            "an Excel workbook (.xlsx) or a CSV file (.csv). Open the file in Word, save it as a Word Document (.docx) "
            "and upload that.",
        ),
        (
            "plan.xls",
            "Assure cannot import Excel 97-2003 workbooks (.xls). Assure imports a plan from a Word "
            "document (.docx), an Excel workbook (.xlsx) or a CSV file (.csv). Open the file in Excel, save it as an "
            "Excel Workbook (.xlsx) and upload that.",
        ),
        ("plan.odt", "Save the file as a Word Document (.docx)"),
        ("plan.ods", "Save the file as an Excel Workbook (.xlsx)"),
        ("plan.PDF", "Assure cannot import PDF files."),
        (
            "plan.txt",
            "Assure cannot import .txt files. Assure imports a plan from a Word document (.docx), an Excel "
            "workbook (.xlsx) or a CSV file (.csv).",
        ),
        ("plan", "The file's name does not end in .docx, .xlsx or .csv"),
    ],
)
def test_other_kinds_of_file_are_refused_by_name_saying_what_is_accepted(name, says):
    message = refusal(name, b"anything")

    assert says in message
    assert "Word document (.docx), an Excel workbook (.xlsx) or a CSV file (.csv)" in message


def bomb_message(application: str) -> str:
    return (
        "Assure will not open the file: it unpacks to far more data than an action plan needs, which means it is "
        f"damaged or is not a real {application} file. Open it in {application}, save a copy with just the action "
        "plan in it and upload that."
    )


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO(shapes.darlington_style())
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/image1.png", "w") as part,
    ):
        for _ in range(300):
            part.write(bytes(MB))

    assert refusal("plan.docx", buffer.getvalue()) == bomb_message("Word")


def test_a_workbook_that_unpacks_too_far_in_total_is_refused(monkeypatch):
    monkeypatch.setattr(readers, "MAX_UNPACKED_BYTES", 1024)

    assert refusal("plan.xlsx", ONE_ROW_WORKBOOK) == bomb_message("Excel")


@pytest.mark.security("macro and linked documents")
def test_a_workbook_packed_more_than_100_to_1_is_refused():
    # 4 random bytes in each kilobyte of zeros: about 124 to 1, under the 200 to 1 imports allowed before.
    noise = random.Random(13)
    picture = b"".join(noise.randbytes(4) + bytes(1020) for _ in range(20 * 1024))
    buffer = io.BytesIO(ONE_ROW_WORKBOOK)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.png", picture)
        packed = archive.getinfo("xl/media/image1.png").compress_size
    assert 100 < len(picture) / packed < 200

    assert refusal("plan.xlsx", buffer.getvalue()) == bomb_message("Excel")


@pytest.mark.security("macro and linked documents")
def test_a_document_with_macros_is_refused():
    document = with_parts(shapes.darlington_style(), {"word/vbaProject.bin": b"\xcc\x61"})

    assert refusal("plan.docx", document) == (
        "The file contains macros, which Assure does not import. Open it in Word, save it as a Word Document "
        "(.docx) and upload that."
    )


@pytest.mark.security("macro and linked documents")
def test_a_macro_enabled_workbook_with_its_macros_is_refused():
    workbook = with_parts(ONE_ROW_WORKBOOK, {"xl/vbaProject.bin": b"\xcc\x61"})

    assert refusal("plan.xlsm", workbook).startswith("The file contains macros, which Assure does not import.")


@pytest.mark.security("macro and linked documents")
def test_a_document_whose_template_is_on_a_web_server_is_refused():
    template = relationships(("attachedTemplate", "https://templates.example.invalid/plan.dotm", True))
    document = with_parts(shapes.darlington_style(), {"word/_rels/settings.xml.rels": template})

    assert refusal("plan.docx", document) == (
        "The file loads content from another place when it is opened (a linked template, picture, object or "
        "workbook), which Assure does not import. Copy the action plan's table into a new Word file, save it and "
        "upload that."
    )


@pytest.mark.security("macro and linked documents")
def test_a_workbook_linked_to_another_workbook_is_refused():
    link = relationships(("externalLinkPath", "file://fileserver.example.invalid/plans/2025.xlsx", True))
    workbook = with_parts(ONE_ROW_WORKBOOK, {"xl/externalLinks/_rels/externalLink1.xml.rels": link})

    assert "loads content from another place" in refusal("plan.xlsx", workbook)


@pytest.mark.security("macro and linked documents")
def test_a_document_with_links_to_web_pages_is_imported():
    links = relationships(("hyperlink", "https://www.gov.uk/guidance", True))
    document = with_parts(shapes.darlington_style(), {"word/_rels/document.xml.rels": links})

    assert read("plan.docx", document).tables


def test_a_document_without_a_table_is_refused():
    assert refusal("plan.docx", shapes.no_table()) == (
        "The document has no table in it. Assure imports a plan written as a table, with a row for each action. "
        "Check you chose the right file; if the plan is written as paragraphs or a list, put it into a table first."
    )


@pytest.mark.parametrize(
    "fill", [lambda sheet: None, lambda sheet: sheet.append(["", "   ", None])], ids=["blank", "spaces"]
)
def test_a_workbook_whose_sheets_are_all_empty_is_refused(fill):
    message = refusal("plan.xlsx", xlsx(fill))

    assert message.startswith("Every sheet in the workbook is empty. Assure imports a plan written as a table")


def test_a_csv_file_with_no_rows_is_refused():
    message = refusal("plan.csv", b",,\n\n , \n")

    assert message.startswith("The file has nothing in it but empty rows. Assure imports a plan written as a table")


def too_many_rows(rows: str, limit: str = "5,000") -> str:
    return (
        f"The file has {rows} rows. Assure imports up to {limit} rows at a time; remove any rows that are not part "
        "of the action plan, then upload it again."
    )


def test_a_csv_file_with_too_many_rows_is_refused():
    assert refusal("plan.csv", b"Ref,Action\n" + b"1,Audit\n" * 19_999) == too_many_rows("20,000")


def test_a_workbook_with_too_many_rows_is_refused():
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Plan")
    for row in range(20_000):
        sheet.append(["Audit", row])

    assert refusal("plan.xlsx", saved(workbook)) == too_many_rows("20,000")


def test_rows_of_all_the_tables_of_a_document_count_together(settings):
    settings.IMPORT_MAX_ROWS = 8

    assert refusal("plan.docx", shapes.split_across_pages()) == too_many_rows("10", "8")


def test_a_table_too_wide_to_be_a_plan_is_refused():
    assert refusal("plan.csv", (",".join(["x"] * 150) + "\n").encode()) == (
        "A table in the file is 150 columns wide. Assure imports tables up to 100 columns wide; remove any columns "
        "that are not part of the action plan, then upload it again."
    )


def test_a_word_cell_spanning_a_huge_number_of_columns_is_refused():
    document = docx.Document(io.BytesIO(shapes.vertically_merged()))
    document.tables[0].rows[0]._tr.tc_lst[0].grid_span = 1_000_000

    assert "is 1,000,003 columns wide" in refusal("plan.docx", saved(document))


def test_a_merge_over_the_whole_sheet_costs_only_the_cells_in_use():
    def fill(sheet):
        sheet["A1"] = "Action"
        sheet["A2"] = "Audit"

    huge_merge = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells><pageMargins'
    data = with_member(xlsx(fill), "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"<pageMargins", huge_merge))

    assert read("plan.xlsx", data).tables[0].rows == [[Cell("Action")], [Cell("Action")]]
