"""`manage.py render_plan` writes board packs from the command line."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from reporting.models import PlanVersion
from reporting.services import version_freeze

pytestmark = pytest.mark.django_db


def render(*args) -> str:
    output = io.StringIO()
    call_command("render_plan", *args, stdout=output)
    return output.getvalue()


def test_a_version_is_written_as_a_pdf(small, tmp_path):
    version = version_freeze(plan=small.plan, label="July board", as_at=date(2012, 7, 31))

    said = render("--version", str(version.pk), "--output", str(tmp_path / "pack.pdf"))

    assert (tmp_path / "pack.pdf").read_bytes().startswith(b"%PDF-")
    assert said.strip() == f"Wrote {tmp_path / 'pack.pdf'} (pdf, 2 actions, July board, as at 31 July 2012)."


def test_the_current_plan_is_written_for_one_agency_as_csv(small, tmp_path):
    render("--plan", str(small.plan.pk), "--agency", "PCT", "--as-at", "2012-07-31", "-o", str(tmp_path / "pct.csv"))

    rows = list(csv.reader(io.StringIO((tmp_path / "pct.csv").read_text(encoding="utf-8-sig"))))
    action = rows[0].index("Action")
    assert [row[action] for row in rows[1:]] == ["Audit health assessments"]


def test_options_are_checked_against_the_plan(small, tmp_path):
    with pytest.raises(CommandError, match="--agency: Choose one of the plan's agencies"):
        render("--plan", str(small.plan.pk), "--agency", "NOPE", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="--section: Choose one of the plan's sections"):
        render("--plan", str(small.plan.pk), "--section", "999999", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="give the output a .pdf, .xlsx or .csv name"):
        render("--plan", str(small.plan.pk), "-o", str(tmp_path / "x.doc"))
    with pytest.raises(CommandError, match="There is no version with the id 999999"):
        render("--version", "999999", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="--as-at must be a date like 2012-07-31"):
        render("--plan", str(small.plan.pk), "--as-at", "31/07/2012", "-o", str(tmp_path / "x.pdf"))
    assert not PlanVersion.objects.exists()


def test_changes_only_and_full_history_are_offered(small, tmp_path):
    version = version_freeze(plan=small.plan, label="July board", as_at=date(2012, 7, 31))

    said = render("--version", str(version.pk), "--changes-only", "--history", "-o", str(tmp_path / "changes.xlsx"))

    assert "(xlsx, 2 actions, July board" in said  # the first version: every action is new
