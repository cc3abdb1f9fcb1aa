"""Import a plan from a Word document, an Excel workbook or a CSV file, as the import pages do.

    python manage.py import_plan plan.docx --partnership darlington [--mapping choices.json]
        [--dry-run] [--yes] [--title TITLE] [--into PLAN_ID] [--table N] [--user USERNAME]
        [--save-mapping choices.json]

It prints the tables found, which column goes where, the plan it read and everything to check,
then imports it when you confirm (or at once with --yes). Nothing is saved with --dry-run.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actionplans.models import ActionPlan
from agencies.models import Agency, Forum, Officer, Partnership
from imports.apply import import_plan
from imports.fields import Target
from imports.interpret import read_plan
from imports.mapping import Mapping, propose_mapping
from imports.readers import read_upload
from imports.table import ImportRefused
from imports.titles import title_from


class Command(BaseCommand):
    help = "Import a plan from a .docx, .xlsx or .csv file, showing what was read before importing it."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--partnership", required=True, help="The partnership's slug, e.g. darlington.")
        parser.add_argument("--mapping", type=Path, help="Column choices saved as JSON (see --save-mapping).")
        parser.add_argument("--save-mapping", type=Path, help="Write the column choices used to this JSON file.")
        parser.add_argument("--table", type=int, default=1, help="Which table of the file holds the plan (1 = first).")
        parser.add_argument("--title", default="", help="The new plan's title (default: as the file gives it).")
        parser.add_argument("--into", type=int, help="The id of the plan this file is a newer copy of.")
        parser.add_argument("--user", help="The username to record as having imported it.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be imported; save nothing.")
        parser.add_argument("--yes", action="store_true", help="Import without asking.")

    def handle(self, *args, **options):
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership has the slug {options['partnership']!r}.")
        into = (
            ActionPlan.objects.filter(partnership=partnership, pk=options["into"]).first() if options["into"] else None
        )
        if options["into"] and into is None:
            raise CommandError(f"{partnership.short_name} has no plan with the id {options['into']}.")
        user = self._user(options["user"])
        try:
            with options["file"].open("rb") as handle:
                read = read_upload(handle, options["file"].name)
        except FileNotFoundError:
            raise CommandError(f"There is no file {options['file']}.") from None
        except ImportRefused as refusal:
            raise CommandError(str(refusal)) from None
        if not 1 <= options["table"] <= len(read.tables):
            raise CommandError(
                f"The file has {len(read.tables)} table(s); choose one with --table 1 to {len(read.tables)}."
            )
        for number, table in enumerate(read.tables, start=1):
            self.stdout.write(f"Table {number}: {table.name}, {len(table.rows)} rows, {table.width} columns")
        table = read.tables[options["table"] - 1]
        agencies = list(Agency.objects.filter(partnership=partnership))
        saved = json.loads(options["mapping"].read_text(encoding="utf-8")) if options["mapping"] else None
        mapping = propose_mapping(table, agencies, saved, saved.get("header_row") if saved else None)
        if options["save_mapping"]:
            options["save_mapping"].write_text(json.dumps(mapping.to_json(), indent=2), encoding="utf-8")
        self._show_mapping(table, mapping)
        if mapping.problems():
            raise CommandError("\n".join(mapping.problems()))
        proposal = read_plan(
            table,
            mapping,
            agencies=agencies,
            officers=Officer.objects.filter(partnership=partnership).select_related("agency"),
            forums=Forum.objects.filter(partnership=partnership),
            heading_lines=read.heading_lines,
        )
        self._show_proposal(proposal, options["verbosity"])
        if not proposal.can_import:
            raise CommandError("The plan cannot be imported until the problems marked MUST be put right.")
        title = options["title"] or title_from(read.heading_lines + proposal.title_lines, options["file"].name)
        try:
            rehearsal = import_plan(
                partnership=partnership,
                proposal=proposal,
                user=user,
                source=options["file"].name,
                title=title,
                into=into,
                dry_run=True,
            )
        except ImportRefused as refusal:
            raise CommandError(str(refusal)) from None
        for change in rehearsal.changes:
            self.stdout.write(f"  will change: {change}")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing has been saved.")
            return
        what = f"the changes into {into}" if into else f"this plan into {partnership.short_name} as {title!r}"
        if not options["yes"] and input(f"Import {what}? [y/N] ").strip().lower() not in ("y", "yes"):
            self.stdout.write("Nothing has been imported.")
            return
        report = import_plan(
            partnership=partnership, proposal=proposal, user=user, source=options["file"].name, title=title, into=into
        )
        self.stdout.write(self.style.SUCCESS(f"Imported {report.plan} (id {report.plan.pk})."))

    def _user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        return user

    def _show_mapping(self, table, mapping: Mapping):
        self.stdout.write(f"Headings in {table.row_labels[mapping.header_row] if table.rows else 'no row'}:")
        for column in mapping.columns:
            part = f" ({column.part})" if column.part else ""
            self.stdout.write(
                f"  {column.index + 1}. {column.heading or '(no heading)'} -> {Target(column.target).label}{part}"
            )

    def _show_proposal(self, proposal, verbosity):
        counts = proposal.counts()
        self.stdout.write(
            "Plan: {sections} sections, {recommendations} recommendations, {actions} actions ({sub_actions} "
            "sub-actions, {milestones} milestones), {updates} progress updates.".format(**counts)
        )
        if proposal.new_agencies:
            self.stdout.write("New agencies: " + ", ".join(agency["short_name"] for agency in proposal.new_agencies))
        if proposal.new_officers:
            names = [officer["name"] or officer["job_title"] for officer in proposal.new_officers]
            self.stdout.write("New officers: " + "; ".join(names))
        if proposal.problems:
            self.stdout.write(f"Check these ({len(proposal.problems)}):")
            for problem in sorted(proposal.problems, key=lambda finding: not finding.blocking):
                self.stdout.write(f"  {'MUST ' if problem.blocking else ''}{problem}")
        if verbosity > 1:
            for finding in proposal.readings + proposal.skipped:
                self.stdout.write(f"  read: {finding}")
