"""`manage.py import_plan`: the same reading, preview and problems as the pages, from a shell."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from actionplans.models import Action, ActionPlan
from tests.imports import docx_shapes as shapes
from tests.imports.test_import_pages import PLAN_CSV

pytestmark = pytest.mark.django_db


def run(*args, answer: str | None = None, monkeypatch=None) -> str:
    if answer is not None:
        monkeypatch.setattr("builtins.input", lambda prompt: answer)
    out = io.StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "composite plan.csv"
    path.write_text(PLAN_CSV, encoding="utf-8")
    return path


def test_a_dry_run_prints_the_mapping_plan_and_problems_and_saves_nothing(small, plan_file):
    plans = ActionPlan.objects.count()

    output = run(str(plan_file), "--partnership", small.partnership.slug, "--dry-run")

    assert "Table 1: composite plan.csv, 3 rows, 8 columns" in output
    assert "  6. Lead Officer -> Lead officers" in output
    assert "Plan: 1 sections, 2 recommendations, 2 actions (0 sub-actions, 0 milestones), 2 progress updates." in output
    assert "New officers: DM" in output
    assert "Dry run: nothing has been saved." in output
    assert ActionPlan.objects.count() == plans


def test_yes_imports_without_asking(small, plan_file):
    output = run(str(plan_file), "--partnership", small.partnership.slug, "--yes", "--title", "Composite plan")

    plan = ActionPlan.objects.get(title="Composite plan")
    assert f"Imported Composite plan (id {plan.pk})." in output
    assert Action.objects.filter(recommendation__section__plan=plan).count() == 2


@pytest.mark.parametrize("answer, imported", [("y", True), ("", False), ("no", False)])
def test_without_yes_it_asks_first(small, plan_file, monkeypatch, answer, imported):
    output = run(
        str(plan_file),
        "--partnership",
        small.partnership.slug,
        "--title",
        "Asked",
        answer=answer,
        monkeypatch=monkeypatch,
    )

    assert ActionPlan.objects.filter(title="Asked").exists() is imported
    assert ("Nothing has been imported." in output) is not imported


def test_saved_choices_are_written_and_read_back(small, plan_file, tmp_path):
    choices = tmp_path / "choices.json"
    run(str(plan_file), "--partnership", small.partnership.slug, "--dry-run", "--save-mapping", str(choices))
    saved = json.loads(choices.read_text())
    saved["columns"] = [
        {**column, "target": "extra"} if column["heading"] == "Timescale" else column for column in saved["columns"]
    ]
    choices.write_text(json.dumps(saved))

    output = run(
        str(plan_file), "--partnership", small.partnership.slug, "--mapping", str(choices), "--yes", "--title", "P"
    )

    assert "  7. Timescale -> Keep as extra text on the action" in output
    action = Action.objects.get(recommendation__section__plan__title="P", reference="1.1")
    assert action.extra_columns == {"Timescale": "Sept 2012"}


def test_a_newer_copy_prints_what_it_will_change(small, plan_file, tmp_path):
    run(str(plan_file), "--partnership", small.partnership.slug, "--yes", "--title", "P")
    plan = ActionPlan.objects.get(title="P")
    newer = tmp_path / "newer.csv"
    newer.write_text(PLAN_CSV.replace("December 2012", "March 2013"), encoding="utf-8")

    output = run(str(newer), "--partnership", small.partnership.slug, "--into", str(plan.pk), "--dry-run")

    assert "will change: Action 2.1" in output
    assert "March 2013" in output


def test_blocking_problems_stop_the_import(small, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(shapes.vertically_merged())  # no action names its agency

    with pytest.raises(CommandError, match="cannot be imported until the problems marked MUST be put right"):
        run(str(path), "--partnership", small.partnership.slug, "--yes")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The file is empty."),
        (shapes.password_protected(), "protected with a password"),
        (shapes.no_table(), "Assure imports a plan written as a table"),
    ],
)
def test_a_bad_file_is_refused_with_the_same_message_as_the_page(small, tmp_path, content, message):
    path = tmp_path / "plan.docx"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        run(str(path), "--partnership", small.partnership.slug, "--yes")


def test_an_unknown_partnership_or_missing_file_is_explained(small, plan_file, tmp_path):
    with pytest.raises(CommandError, match="No partnership has the slug 'nowhere'"):
        run(str(plan_file), "--partnership", "nowhere")
    with pytest.raises(CommandError, match="There is no file"):
        run(str(tmp_path / "missing.csv"), "--partnership", small.partnership.slug)
