"""Importing a plan step by step: upload, choose the table, map the columns, preview, import."""

from __future__ import annotations

from pathlib import PurePath

from django.db import transaction
from django.utils import timezone

from agencies.models import Agency, Forum, Officer

from .apply import ImportReport, import_plan
from .interpret import Proposal, read_plan
from .mapping import Mapping, propose_mapping
from .models import ImportBatch, ImportMapping
from .readers import read_upload
from .table import ImportRefused, Table
from .titles import title_from


def batch_create(*, partnership, user, upload, into=None) -> ImportBatch:
    """Read the upload (refusing it with `ImportRefused` if it cannot be read) and keep its
    tables, with a proposed mapping for the first."""
    read = read_upload(upload, upload.name)
    batch = ImportBatch(
        partnership=partnership,
        created_by=user,
        file_name=PurePath(upload.name).name[:255],
        kind=read.kind,
        tables=[table.to_json() for table in read.tables],
        heading_lines=read.heading_lines,
        into=into,
    )
    batch.mapping = propose_mapping(read.tables[0], _agencies(partnership)).to_json()
    batch.save()
    return batch


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
    table = batch_table(batch)
    header_row = saved.mapping.get("header_row")
    if header_row is not None and header_row >= len(table.rows):
        header_row = None
    batch.mapping = propose_mapping(table, _agencies(batch.partnership), saved.mapping, header_row).to_json()
    batch.save(update_fields=["mapping"])


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
    partnership = batch.partnership
    return read_plan(
        batch_table(batch),
        Mapping.from_json(batch.mapping),
        agencies=_agencies(partnership),
        officers=Officer.objects.filter(partnership=partnership).select_related("agency"),
        forums=Forum.objects.filter(partnership=partnership),
        heading_lines=batch.heading_lines,
    )


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


def suggested_title(batch: ImportBatch, proposal: Proposal) -> str:
    return title_from([*batch.heading_lines, *proposal.title_lines], batch.file_name)


def _agencies(partnership):
    return list(Agency.objects.filter(partnership=partnership))
