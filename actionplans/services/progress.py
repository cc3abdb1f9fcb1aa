"""Adding a progress update: the update, the milestones it ticks off and its evidence files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction

from agencies.models import Officer

from ..evidence import EvidenceKind, clean_filename, storage_name
from ..loose_dates import LooseDate, Precision
from ..models import Action, EvidenceDocument, Milestone, ProgressUpdate, Rag, Status
from ..rag import rag_improves


@dataclass(frozen=True)
class EvidenceUpload:
    file: object  # an UploadedFile
    kind: EvidenceKind


@dataclass(frozen=True)
class MilestoneDone:
    milestone: Milestone
    done_on: date


def update_problems(
    action: Action,
    *,
    status: str,
    rag: str,
    new_evidence_files: int,
    evidence_statement: str,
    rag_change_reason: str,
) -> dict[str, str]:
    """What stops this update being added, by field: a completion needs evidence (a file, on this
    update or an earlier one, or a statement of what the evidence is); a better RAG rating than
    the latest update gave needs a reason; Blue is given only by accepting a completion."""
    problems = {}
    if rag == Rag.BLUE:
        problems["rag"] = "Blue is given when the business manager accepts a completion. Choose another rating"
    if status == Status.COMPLETED and not new_evidence_files and not evidence_statement.strip():
        has_files = EvidenceDocument.objects.filter(progress_update__action=action).exists()
        if not has_files:
            problems["evidence_statement"] = (
                "A completed action needs evidence: attach a file, or say what the evidence is and where it can be seen"
            )
    latest = ProgressUpdate.objects.filter(action=action).latest_first().values_list("rag", flat=True).first()
    if rag_improves(latest or "", rag) and not rag_change_reason.strip():
        problems["rag_change_reason"] = f"Say why the rating is better than the {Rag(latest).label} last reported"
    return problems


def progress_update_create(
    *,
    action: Action,
    recorded_by,
    as_at: date,
    status: str,
    rag: str,
    note: str,
    evidence_of_impact: str = "",
    evidence_statement: str = "",
    rag_change_reason: str = "",
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
            Action.objects.select_for_update().filter(pk=action.pk).first()
            problems = update_problems(
                action,
                status=status,
                rag=rag,
                new_evidence_files=len(evidence),
                evidence_statement=evidence_statement,
                rag_change_reason=rag_change_reason,
            )
            if problems:
                raise ValidationError(problems)
            update = ProgressUpdate(
                action=action,
                status=status,
                rag=rag,
                note=note,
                evidence_of_impact=evidence_of_impact,
                evidence_statement=evidence_statement.strip(),
                rag_change_reason=rag_change_reason.strip(),
                target_change_reason=target_change_reason if proposed_target else "",
                author=Officer.author_for(recorded_by, action.recommendation.section.plan.partnership_id),
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
