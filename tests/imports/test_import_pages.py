"""The business manager's import, page by page: upload, columns, preview, confirm; a newer copy
of a plan brings in its changes; every bad file is refused in plain English and creates nothing."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.models import Action, ActionPlan, ProgressUpdate
from agencies.models import Officer
from imports.mapping import Mapping
from imports.models import ImportBatch, ImportMapping
from tests.imports import docx_shapes as shapes

pytestmark = pytest.mark.django_db

PLAN_CSV = (
    "Ref,Recommendation,No.,Action,Agency,Lead Officer,Timescale,Progress (RAG)\n"
    "1,Ensure that reviews happen on time,1.1,Audit review dates,DBC,Jenni Cooke,Sept 2012,Ongoing AMBER\n"
    "2,Improve health assessments,2.1,Track health assessments,PCT,DM,December 2012,Not started\n"
)


AS_AT = {"as_at_0": "31", "as_at_1": "7", "as_at_2": "2012"}


def upload(client, name: str, content: bytes, as_at=("31", "7", "2012"), **data):
    """Upload the file, saying its progress is as at `as_at` (day, month, year), or leaving that
    to the file when `as_at` is None."""
    data |= dict(zip(("as_at_0", "as_at_1", "as_at_2"), as_at or ("", "", ""), strict=True))
    return client.post(reverse("manage:import_start"), {"file": SimpleUploadedFile(name, content), **data})


def columns_data(batch: ImportBatch, **changes) -> dict:
    """The columns page as proposed, submitted unchanged apart from `changes`."""
    mapping = Mapping.from_json(batch.mapping)
    data = {"header_row": mapping.header_row, "default_agency": mapping.default_agency, "save_as": ""}
    for column in mapping.columns:
        data[f"target_{column.index}"] = column.target
        data[f"part_{column.index}"] = column.part
    return {**data, **changes}


def error_summary(response) -> str:
    found = re.search(r'<div class="govuk-error-summary".*?</div>\s*</div>', response.content.decode(), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group())).strip() if found else ""


def test_the_whole_import_from_upload_to_plan(manager, small):
    response = upload(manager, "composite plan.csv", PLAN_CSV.encode())

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("manage:import_columns", args=[batch.pk])

    columns = manager.get(response["Location"])
    assert columns.status_code == 200
    page = columns.content.decode()
    assert 'name="target_5"' in page
    assert re.search(r'<option value="leads" selected>Lead officers</option>', page)
    assert "For example: Jenni Cooke | DM" in page

    response = manager.post(reverse("manage:import_columns", args=[batch.pk]), columns_data(batch))
    assert response["Location"] == reverse("manage:import_preview", args=[batch.pk])

    preview = manager.get(response["Location"])
    page = preview.content.decode()
    assert '<dd class="govuk-summary-list__value">2</dd>' in page  # recommendations
    assert "row 2: target date &#x27;Sept 2012&#x27;: Read as September 2012 (month only" in page
    assert "row 3: lead &#x27;DM&#x27; matches no officer: will be created" in page
    assert Action.objects.filter(recommendation__section__plan__title="composite plan").count() == 0

    response = manager.post(
        reverse("manage:import_preview", args=[batch.pk]), {"title": "Composite plan 2012", **AS_AT}
    )

    assert response["Location"] == reverse("manage:import_result", args=[batch.pk])
    plan = ActionPlan.objects.get(title="Composite plan 2012")
    actions = list(Action.objects.filter(recommendation__section__plan=plan).in_plan_order())
    assert [(a.reference, a.text, a.agency.short_name) for a in actions] == [
        ("1.1", "Audit review dates", "DBC"),
        ("2.1", "Track health assessments", "PCT"),
    ]
    assert [lead.pk for lead in actions[0].leads.all()] == [small.lead_officer.pk]
    assert Officer.objects.filter(partnership=small.partnership, name="DM").count() == 1
    assert (actions[0].target_precision, actions[0].target_date.isoformat()) == ("month", "2012-09-30")
    assert [(u.status, u.rag) for u in actions[0].progress_updates.all()] == [("ongoing", "amber")]
    result = manager.get(response["Location"])
    assert "The plan has been imported" in result.content.decode()


def test_confirming_twice_imports_once(manager, small):
    upload(manager, "plan.csv", PLAN_CSV.encode())
    batch = ImportBatch.objects.get()
    preview = reverse("manage:import_preview", args=[batch.pk])

    first = manager.post(preview, {"title": "Plan", **AS_AT})
    second = manager.post(preview, {"title": "Plan", **AS_AT})

    assert first["Location"] == second["Location"] == reverse("manage:import_result", args=[batch.pk])
    assert ActionPlan.objects.filter(title="Plan").count() == 1


def test_a_mapping_that_lacks_the_actions_is_refused_keeping_the_choices(manager, small):
    upload(manager, "plan.csv", PLAN_CSV.encode())
    batch = ImportBatch.objects.get()

    response = manager.post(
        reverse("manage:import_columns", args=[batch.pk]), columns_data(batch, target_3="extra", save_as="Quarterly")
    )

    assert response.status_code == 400
    assert "Choose the column that holds the actions." in error_summary(response)
    assert re.search(r'name="save_as" value="Quarterly"', response.content.decode())
    assert not ImportMapping.objects.exists()


def test_a_column_kept_as_extra_text_is_on_the_action(manager, small):
    upload(manager, "plan.csv", PLAN_CSV.encode())
    batch = ImportBatch.objects.get()
    manager.post(reverse("manage:import_columns", args=[batch.pk]), columns_data(batch, target_6="extra"))

    manager.post(reverse("manage:import_preview", args=[batch.pk]), {"title": "Plan", **AS_AT})

    action = Action.objects.get(recommendation__section__plan__title="Plan", reference="1.1")
    assert action.extra_columns == {"Timescale": "Sept 2012"}
    assert action.target_date is None
    page = manager.get(reverse("actionplans:action_detail", args=[action.pk])).content.decode()
    assert "Timescale" in page and "Sept 2012" in page


def test_saved_choices_are_offered_and_filled_in_next_time(manager, small):
    upload(manager, "plan.csv", PLAN_CSV.encode())
    first = ImportBatch.objects.get()
    manager.post(
        reverse("manage:import_columns", args=[first.pk]),
        columns_data(first, target_6="extra", default_agency="DBC", save_as="Quarterly copy"),
    )
    assert ImportMapping.objects.get(partnership=small.partnership).name == "Quarterly copy"

    upload(manager, "plan next quarter.csv", PLAN_CSV.encode())
    second = ImportBatch.objects.latest("pk")
    assert "Quarterly copy" in manager.get(reverse("manage:import_columns", args=[second.pk])).content.decode()
    manager.post(
        reverse("manage:import_saved_mapping", args=[second.pk]),
        {"saved": ImportMapping.objects.get().pk},
    )

    second.refresh_from_db()
    mapping = Mapping.from_json(second.mapping)
    assert mapping.columns[6].target == "extra"
    assert mapping.default_agency == "DBC"


def test_a_word_document_with_several_separate_tables_asks_which_holds_the_plan(manager, small):
    document = shapes.docx_with_tables(
        (("Name", "Role"), ("Jenni Cooke", "Chair")),
        (
            shapes.VERTICAL_HEADER,
            *[[cell if cell != shapes.ABOVE else "" for cell in row] for row in shapes.VERTICAL_ROWS],
        ),
    )

    response = upload(manager, "plan.docx", document)

    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("manage:import_table", args=[batch.pk])
    manager.post(reverse("manage:import_table", args=[batch.pk]), {"table": "1"})
    batch.refresh_from_db()
    assert batch.table_index == 1
    assert [column.heading for column in Mapping.from_json(batch.mapping).columns] == list(shapes.VERTICAL_HEADER)


class TestANewerCopyOfThePlan:
    """Re-importing the quarter's spreadsheet adds its new updates and changes, and duplicates nothing."""

    def imported_once(self, manager):
        upload(manager, "plan.csv", PLAN_CSV.encode())
        batch = ImportBatch.objects.get()
        manager.post(reverse("manage:import_preview", args=[batch.pk]), {"title": "Plan", **AS_AT})
        return ActionPlan.objects.get(title="Plan")

    def test_new_updates_and_a_moved_date_are_added_and_reported(self, manager, small):
        plan = self.imported_once(manager)
        newer = (
            "Ref,Recommendation,No.,Action,Agency,Lead Officer,Timescale,Progress (RAG)\n"
            "1,Ensure that reviews happen on time,1.1,Audit review dates,DBC,Jenni Cooke,Sept 2012,"
            '"Ongoing AMBER\nUpdate October 2012: Completed. Audit reported to the board."\n'
            "2,Improve health assessments,2.1,Track health assessments,PCT,DM,March 2013,Not started\n"
            "2,Improve health assessments,2.2,Train practice nurses,PCT,DM,April 2013,\n"
        )

        response = upload(manager, "plan.csv", newer.encode(), into=plan.pk)
        batch = ImportBatch.objects.latest("pk")
        preview = manager.get(reverse("manage:import_preview", args=[batch.pk])).content.decode()
        assert f"What importing it will change in {plan.title}" in preview
        assert ActionPlan.objects.count() == 2  # the small partnership's plan and this one: nothing yet
        response = manager.post(reverse("manage:import_preview", args=[batch.pk]), AS_AT)

        assert response.status_code == 302, re.findall(r"Must be put right.*?</li>", response.content.decode())
        batch.refresh_from_db()
        changes = batch.report["changes"]
        assert any("1.1" in change and "1 new progress update" in change for change in changes), changes
        assert any("2.1" in change and "target date" in change.lower() for change in changes), changes
        assert any("New action" in change and "2.2" in change for change in changes), changes
        assert ActionPlan.objects.count() == 2
        actions = {a.reference: a for a in Action.objects.filter(recommendation__section__plan=plan)}
        assert sorted(actions) == ["1.1", "2.1", "2.2"]
        assert actions["1.1"].progress_updates.count() == 2
        assert actions["2.1"].target.text == "March 2013"
        assert actions["2.1"].target_changes.get().reason.startswith("Changed by importing")

    def test_the_same_copy_again_changes_nothing(self, manager, small):
        plan = self.imported_once(manager)
        counts = (Action.objects.count(), ProgressUpdate.objects.count(), Officer.objects.count())

        upload(manager, "plan.csv", PLAN_CSV.encode(), into=plan.pk)
        batch = ImportBatch.objects.latest("pk")
        manager.post(reverse("manage:import_preview", args=[batch.pk]), AS_AT)

        batch.refresh_from_db()
        assert batch.report["changes"] == []
        assert (Action.objects.count(), ProgressUpdate.objects.count(), Officer.objects.count()) == counts


def zip_bomb_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (400 * 1024 * 1024) + b"</w:document>")
    return buffer.getvalue()


def csv_rows(count: int) -> bytes:
    return ("Recommendation,Action,Lead Officer\n" + "Ensure,Do it,Jenni Cooke\n" * count).encode()


BAD_FILES = {
    "empty": ("plan.docx", b"", "The file is empty."),
    "password protected": ("plan.xlsx", shapes.password_protected(), "The file is protected with a password"),
    "corrupt": ("plan.docx", b"PK\x03\x04" + b"\x00" * 200, "damaged"),
    "a picture named xlsx": ("plan.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "it looks like a PNG image"),
    "an old Word file named docx": ("plan.docx", shapes.word_97_2003(), "Word 97-2003"),
    "a Word document with no table": ("plan.docx", shapes.no_table(), "no table"),
    "20,000 rows": ("plan.csv", csv_rows(20_000), "The file has 20,001 rows. Assure imports up to 5,000 rows"),
    "30 MB": ("plan.csv", csv_rows(30 * 1024 * 1024 // 24), "The largest file Assure can import is 10 MB"),
    "a zip bomb": ("plan.docx", zip_bomb_docx(), "it unpacks to far more data than an action plan needs"),
    "a PDF": ("plan.pdf", b"%PDF-1.4\n", "Assure cannot import"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_is_refused_in_plain_english_and_creates_nothing(manager, small, name):
    file_name, content, message = BAD_FILES[name]
    plans, officers = ActionPlan.objects.count(), Officer.objects.count()

    response = upload(manager, file_name, content)

    assert response.status_code == 400
    assert message.lower() in error_summary(response).lower()
    assert not ImportBatch.objects.exists()
    assert (ActionPlan.objects.count(), Officer.objects.count()) == (plans, officers)


def test_html_and_formulas_in_the_file_are_shown_as_text_and_never_run(manager, small):
    hostile = (
        "Recommendation,Action,Agency,Lead Officer\n"
        '"<script>alert(1)</script>Ensure","=HYPERLINK(""http://evil.example"",""x"")",DBC,Jenni Cooke\n'
    )
    upload(manager, "plan.csv", hostile.encode())
    batch = ImportBatch.objects.get()

    preview = manager.get(reverse("manage:import_preview", args=[batch.pk])).content.decode()
    manager.post(reverse("manage:import_preview", args=[batch.pk]), {"title": "Plan", **AS_AT})

    assert "<script>alert(1)" not in preview
    action = Action.objects.get(recommendation__section__plan__title="Plan")
    assert action.text == '=HYPERLINK("http://evil.example","x")'
    assert action.recommendation.text == "Ensure"


def plan_csv(rows: int) -> bytes:
    lines = ["Ref,Recommendation,No.,Action,Agency,Lead Officer,Timescale,Progress (RAG)"]
    for number in range(1, rows + 1):
        lines.append(
            f"{number},Recommendation {number},{number}.1,Action {number},DBC,Jenni Cooke,June 2013,Ongoing AMBER"
        )
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("step", ["manage:import_columns", "manage:import_preview"])
def test_the_columns_and_preview_pages_cost_the_same_queries_for_5_and_500_rows(
    manager, small, step, django_assert_max_num_queries
):
    counts = []
    for rows in (5, 500):
        upload(manager, "plan.csv", plan_csv(rows))
        url = reverse(step, args=[ImportBatch.objects.latest("pk").pk])
        with django_assert_max_num_queries(20) as captured:
            assert manager.get(url).status_code == 200
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_a_cell_with_line_breaks_fills_a_one_line_field_on_one_line_and_a_text_field_as_it_was(manager, small):
    csv = (
        "Ref,Recommendation,No.,Action,Agency,Lead Officer,Source,Measure of success\n"
        '"1\r\n(a)","Ensure that reviews\nhappen on time","1.1\n",Audit review dates,DBC,'
        '"Dana\u2028Moss","Peer\r\nChallenge\x0bPlan","Fewer late reviews\nNo missed visits"\n'
    )
    batch = ImportBatch.objects.get(pk=upload(manager, "plan.csv", csv.encode()).url.split("/")[-3])
    manager.post(reverse("manage:import_columns", args=[batch.pk]), columns_data(batch))

    response = manager.post(reverse("manage:import_preview", args=[batch.pk]), {"title": "Composite plan", **AS_AT})

    assert response["Location"] == reverse("manage:import_result", args=[batch.pk])
    action = Action.objects.get(recommendation__section__plan__title="Composite plan")
    assert (action.recommendation.reference, action.reference) == ("1 (a)", "1.1")
    assert (action.recommendation.text, action.measure_of_success) == (
        "Ensure that reviews\nhappen on time",
        "Fewer late reviews\nNo missed visits",
    )
    assert action.source == "Peer Challenge Plan"
    action.full_clean()
    action.recommendation.full_clean()


def test_each_column_says_why_it_is_proposed_for_its_field(manager, small):
    upload(manager, "plan.csv", PLAN_CSV.encode())
    batch = ImportBatch.objects.get()

    page = manager.get(reverse("manage:import_columns", args=[batch.pk])).content.decode()

    assert "Why this choice: the heading says &#x27;lead officer&#x27;. For example: Jenni Cooke | DM" in page


def test_the_reasons_stay_beside_the_choices_kept_and_go_from_those_changed(manager, small):
    upload(manager, "plan.csv", PLAN_CSV.encode())
    batch = ImportBatch.objects.get()
    columns = reverse("manage:import_columns", args=[batch.pk])
    assert "Why this choice: the heading says &#x27;timescale&#x27;." in manager.get(columns).content.decode()

    manager.post(columns, columns_data(batch, target_6="extra"))

    page = manager.get(columns).content.decode()
    assert "Why this choice: the heading says &#x27;lead officer&#x27;." in page
    assert "Why this choice: the heading says &#x27;timescale&#x27;." not in page
