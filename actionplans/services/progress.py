"""Adding a progress update: the update, the milestones it ticks off and its evidence files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.files.storage import default_storage
from django.db import transaction

from ..evidence import EvidenceKind, clean_filename, storage_name
from ..loose_dates import LooseDate, Precision
from ..models import Action, EvidenceDocument, Milestone, ProgressUpdate


@dataclass(frozen=True)
class EvidenceUpload:
    file: object  # an UploadedFile
    kind: EvidenceKind


@dataclass(frozen=True)
class MilestoneDone:
    milestone: Milestone
    done_on: date


def progress_update_create(
    *,
    action: Action,
    recorded_by,
    as_at: date,
    status: str,
    rag: str,
    note: str,
    evidence_of_impact: str = "",
    milestones_done: list[MilestoneDone] = (),
    evidence: list[EvidenceUpload] = (),
    proposed_target: LooseDate | None = None,
    target_change_reason: str = "",
    on_behalf: bool = False,
) -> ProgressUpdate:
    """Record progress on `action`. The caller has checked that `recorded_by` may update it."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            update = ProgressUpdate(
                action=action,
                status=status,
                rag=rag,
                note=note,
                evidence_of_impact=evidence_of_impact,
                target_change_reason=target_change_reason if proposed_target else "",
                author=getattr(recorded_by, "officer", None),
                recorded_by=recorded_by,
                on_behalf=on_behalf,
            )
            update.as_at = LooseDate("", as_at, Precision.DAY)
            update.proposed_target = proposed_target or LooseDate()
            update.full_clean()
            update.save()
            Action.objects.filter(pk=action.pk).refresh_latest_updates()
            for done in milestones_done:
                done.milestone.done_on = done.done_on
                done.milestone.save(update_fields=["done_on"])
            for upload in evidence:
                name = default_storage.save(storage_name(upload.kind), upload.file)
                stored.append(name)
                EvidenceDocument.objects.create(
                    progress_update=update,
                    file=name,
                    original_name=clean_filename(upload.file.name),
                    content_type=upload.kind.content_type,
                    size=upload.file.size,
                    uploaded_by=recorded_by,
                )
            return update
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
