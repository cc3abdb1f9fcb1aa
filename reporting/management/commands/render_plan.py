"""Render a plan's board paper or spreadsheet from the command line, for scheduled board packs."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from actionplans.models import ActionPlan
from reporting.exports import paper_csv, paper_xlsx
from reporting.forms import PaperOptionsForm
from reporting.models import PlanVersion
from reporting.papers import current_paper, version_paper
from reporting.pdf import paper_pdf
from reporting.snapshots import plan_snapshot

RENDERERS = {"pdf": paper_pdf, "xlsx": paper_xlsx, "csv": paper_csv}


class Command(BaseCommand):
    help = (
        "Write a plan's board paper (PDF) or its actions (xlsx, csv). Give --version for a frozen version, "
        "or --plan for the plan as it stands now."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version here is the plan version to render, not Django's version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--plan", type=int, help="Plan id: the plan as it stands now.")
        which.add_argument("--version", type=int, help="Version id: a frozen version.")
        parser.add_argument("--agency", default="", help="Only this agency's actions (its short name, e.g. DBC).")
        parser.add_argument("--section", type=int, help="Only this section (its id).")
        parser.add_argument(
            "--changes-only", action="store_true", help="Only actions new or changed since the previous version."
        )
        parser.add_argument("--history", action="store_true", help="Every progress update, not only the latest.")
        parser.add_argument("--as-at", help="For --plan: judge RAG and overdue as at this date (YYYY-MM-DD).")
        parser.add_argument("--format", choices=sorted(RENDERERS), help="Default: from the output file's extension.")
        parser.add_argument("--output", "-o", required=True, type=Path, help="Where to write the file.")

    def handle(self, *args, **options):
        output: Path = options["output"]
        fmt = options["format"] or output.suffix.lstrip(".").lower()
        if fmt not in RENDERERS:
            raise CommandError(
                f"Say --format pdf, xlsx or csv, or give the output a .pdf, .xlsx or .csv name (not {output.name!r})."
            )
        snapshot, make = self._source(options)
        form = PaperOptionsForm(
            {
                "agency": options["agency"],
                "section": options["section"] or "",
                "changes_only": options["changes_only"],
                "full_history": options["history"],
            },
            snapshot=snapshot,
        )
        if not form.is_valid():
            problems = "; ".join(f"--{name}: {' '.join(errors)}" for name, errors in form.errors.items())
            raise CommandError(problems)
        paper = make(form.options())
        output.write_bytes(RENDERERS[fmt](paper))
        actions = sum(1 for _ in paper.actions())
        self.stdout.write(f"Wrote {output} ({fmt}, {actions} actions, {paper.label}, as at {paper.as_at:%d %B %Y}).")

    def _source(self, options):
        if options["version"]:
            version = PlanVersion.objects.select_related("plan").filter(pk=options["version"]).first()
            if version is None:
                raise CommandError(f"There is no version with the id {options['version']}.")
            return version.snapshot, lambda paper_options: version_paper(version, paper_options)
        plan = ActionPlan.objects.filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"There is no plan with the id {options['plan']}.")
        as_at = _day(options["as_at"]) if options["as_at"] else timezone.localdate()
        snapshot = plan_snapshot(plan, as_at=as_at)
        return snapshot, lambda paper_options: current_paper(plan, snapshot, as_at, paper_options)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-at must be a date like 2012-07-31, not {text!r}.") from None
