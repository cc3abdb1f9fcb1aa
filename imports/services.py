"""Importing a plan step by step: upload, choose the table, map the columns, preview, import."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from actionplans.models import ActionPlan
from agencies.models import Agency, Forum, Officer

from .appearance import appearance_note
from .apply import ImportReport, import_plan
from .as_at import AsAtReading, as_at_in, lines_around_tables
from .interpret import Proposal, read_plan
from .mapping import Mapping, plan_table, propose_mapping
from .models import ImportBatch, ImportMapping
from .readers import read_upload
from .table import ImportRefused, Table
from .titles import cover_lines, title_from


def batch_create(*, partnership, user, upload, into=None, as_at: date | None = None) -> ImportBatch:
    """Read the upload (refusing it with `ImportRefused` if it cannot be read) and keep its
    tables, with a proposed mapping for the one that reads most like the plan: for a newer copy
    of a plan, the choices made when it was last imported. The progress is as at `as_at`, else
    the date the file gives."""
    read = read_upload(upload, upload.name)
    index = plan_table(read.tables)
    batch = ImportBatch(
        partnership=partnership,
        created_by=user,
        file_name=PurePath(upload.name).name[:255],
        kind=read.kind,
        tables=[table.to_json() for table in read.tables],
        table_index=index,
        heading_lines=[*read.heading_lines, *cover_lines(read.tables, index)],
        into=into,
    )
    batch.mapping = _proposed(read.tables[index], partnership, last_mapping_of(into)).to_json()
    _set_as_at(batch, as_at, as_at_in(lines_around_tables(read.heading_lines, read.tables)))
    batch.save()
    return batch


def _set_as_at(batch: ImportBatch, given: date | None, read: AsAtReading | None) -> None:
    if given is None and read is not None:
        batch.as_at, batch.as_at_line = read.date, read.line
    else:
        batch.as_at, batch.as_at_line = given, ""


def last_mapping_of(plan: ActionPlan | None) -> dict | None:
    """The column choices of the last import that created or updated `plan`."""
    if plan is None:
        return None
    return (
        ImportBatch.objects.filter(Q(plan=plan) | Q(into=plan), imported_at__isnull=False)
        .order_by("-imported_at", "-pk")
        .values_list("mapping", flat=True)
        .first()
    )


def follows_last_import(batch: ImportBatch) -> bool:
    """Whether the batch's columns were proposed from the plan's last import."""
    return batch.into is not None and last_mapping_of(batch.into) is not None


def batch_set_as_at(batch: ImportBatch, as_at: date | None) -> None:
    """The business manager's date for the file's progress, in place of any the file gave."""
    _set_as_at(batch, as_at, None)
    batch.save(update_fields=["as_at", "as_at_line"])


def batch_table(batch: ImportBatch) -> Table:
    return Table.from_json(batch.tables[batch.table_index])


def batch_choose_table(batch: ImportBatch, index: int) -> None:
    batch.table_index = index
    batch.mapping = propose_mapping(batch_table(batch), _agencies(batch.partnership)).to_json()
    batch.save(update_fields=["table_index", "mapping"])


def batch_reread_headings(batch: ImportBatch, header_row: int) -> None:
    batch.mapping = propose_mapping(batch_table(batch), _agencies(batch.partnership), header_row=header_row).to_json()
    batch.save(update_fields=["mapping"])


def batch_use_saved(batch: ImportBatch, saved: ImportMapping) -> None:
    batch.mapping = _proposed(batch_table(batch), batch.partnership, saved.mapping).to_json()
    batch.save(update_fields=["mapping"])


def _proposed(table: Table, partnership, saved: dict | None) -> Mapping:
    """The mapping proposed for `table`, following `saved` choices where its headings are the same."""
    header_row = (saved or {}).get("header_row")
    if header_row is not None and header_row >= len(table.rows):
        header_row = None
    return propose_mapping(table, _agencies(partnership), saved, header_row)


def batch_set_mapping(batch: ImportBatch, mapping: Mapping, *, save_as: str = "", user=None) -> None:
    """Keep the business manager's mapping, and save it under `save_as` to reuse next time."""
    with transaction.atomic():
        batch.mapping = mapping.to_json()
        batch.save(update_fields=["mapping"])
        if save_as:
            ImportMapping.objects.update_or_create(
                partnership=batch.partnership,
                name=save_as,
                defaults={"mapping": mapping.to_json(), "created_by": user},
            )


def batch_proposal(batch: ImportBatch) -> Proposal:
    """The plan as read with the batch's mapping, each update the file leaves undated dated
    as at the batch's date (when it has one)."""
    partnership = batch.partnership
    proposal = read_plan(
        batch_table(batch),
        Mapping.from_json(batch.mapping),
        agencies=_agencies(partnership),
        officers=Officer.objects.filter(partnership=partnership).select_related("agency"),
        forums=Forum.objects.filter(partnership=partnership),
        heading_lines=batch.heading_lines,
    )
    date_undated_updates(proposal, batch.as_at)
    return proposal


def date_undated_updates(proposal: Proposal, as_at: date | None) -> None:
    """Each update the file leaves undated dated as at `as_at` (when there is one)."""
    if as_at is not None:
        for update in undated_updates(proposal):
            update["as_at"] = f"{as_at.day} {as_at:%B %Y}"


def undated_updates(proposal: Proposal) -> list[dict]:
    return [update for *_above, action in proposal.actions() for update in action["updates"] if not update.get("as_at")]


def needs_as_at(batch: ImportBatch, proposal: Proposal) -> bool:
    """Whether the import must be told the date of the file's progress: some of its updates
    give no date, so without one they would be the oldest of each action's history."""
    return batch.as_at is None and bool(undated_updates(proposal))


def batch_rehearse(batch: ImportBatch, proposal: Proposal) -> ImportReport | None:
    """For a newer copy of a plan: what importing it would change (nothing is kept)."""
    if batch.into is None or not proposal.can_import:
        return None
    return import_plan(
        partnership=batch.partnership,
        proposal=proposal,
        user=batch.created_by,
        source=batch.file_name,
        into=batch.into,
        as_at=batch.as_at,
        dry_run=True,
    )


def batch_import(batch: ImportBatch, *, user, title: str = "") -> ImportReport:
    """Import the batch: a new plan titled `title`, or the changes to the plan it updates."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.imported_at:
            raise ImportRefused("This file has been imported already. Upload it again to import it again.")
        report = import_plan(
            partnership=batch.partnership,
            proposal=batch_proposal(batch),
            user=user,
            source=batch.file_name,
            title=title,
            into=batch.into,
            as_at=batch.as_at,
        )
        batch.imported_at = timezone.now()
        batch.plan = report.plan
        batch.report = {
            "created": report.created,
            "changes": report.changes,
            "unchanged_actions": report.unchanged_actions,
            "not_in_file": report.not_in_file,
        }
        batch.save(update_fields=["imported_at", "plan", "report"])
        return report


def is_large(batch: ImportBatch) -> bool:
    """Whether the batch's table has rows enough to be imported by the task worker."""
    return len(batch_table(batch).rows) > settings.IMPORT_TASK_ROWS


def batch_import_queue(batch: ImportBatch, *, user, title: str = "") -> bool:
    """Record that the batch is handed to the task worker to import as `user`; False when it is
    imported or being imported already (a second click)."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.imported_at or batch.is_being_imported:
            return False
        batch.import_queued_at, batch.import_by = timezone.now(), user
        batch.import_title, batch.import_error = title, ""
        batch.save(update_fields=["import_queued_at", "import_by", "import_title", "import_error"])
        return True


def batch_import_failed(batch: ImportBatch, reason: str) -> None:
    """Record why the task worker could not import the batch; the business manager may try again."""
    ImportBatch.objects.filter(pk=batch.pk, imported_at__isnull=True).update(import_error=reason)


def appearance_notes(batch: ImportBatch) -> list[str]:
    """For each column that will not appear on the plan's pages, in the paper and in the
    spreadsheet alike, where it will."""
    columns = Mapping.from_json(batch.mapping).columns
    return [note for column in columns if (note := appearance_note(column.heading, column.target))]


def suggested_title(batch: ImportBatch, proposal: Proposal) -> str:
    return title_from([*batch.heading_lines, *proposal.title_lines], batch.file_name)


def _agencies(partnership):
    return list(Agency.objects.filter(partnership=partnership))
