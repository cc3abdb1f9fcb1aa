"""Adding a progress update: the update, the milestones it ticks off and its evidence files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from agencies.models import Officer, Partnership

from ..evidence import EvidenceKind, clean_filename, size_text, storage_name
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


def evidence_quota_problem(action: Action, sizes: list[int], today: date) -> str | None:
    """Why new evidence files of these sizes cannot go on an update of `action`, or None. One
    update carries at most EVIDENCE_FILES_PER_UPDATE files and EVIDENCE_BYTES_PER_UPDATE bytes;
    the action's agency uploads at most EVIDENCE_BYTES_PER_AGENCY_PER_DAY bytes a day and its
    partnership stores at most EVIDENCE_BYTES_PER_PARTNERSHIP, counted from the evidence stored."""
    if not sizes:
        return None
    most_files = settings.EVIDENCE_FILES_PER_UPDATE
    if len(sizes) > most_files:
        return f"You can attach at most {most_files} files to one update. You chose {len(sizes)}."
    new = sum(sizes)
    per_update = settings.EVIDENCE_BYTES_PER_UPDATE
    if new > per_update:
        return (
            f"The files you chose add up to {size_text(new)}. One update can carry at most {size_text(per_update)} "
            "of evidence: attach fewer or smaller files, or add the rest in another update."
        )
    per_day = settings.EVIDENCE_BYTES_PER_AGENCY_PER_DAY
    today_so_far = EvidenceDocument.objects.uploaded_for_agency_on(action.agency_id, today).total_size()
    if today_so_far + new > per_day:
        return (
            f"{action.agency.name} has uploaded {size_text(today_so_far)} of evidence today, and these files would "
            f"add {size_text(new)}. Each agency can upload at most {size_text(per_day)} a day: add the rest tomorrow."
        )
    partnership = action.recommendation.section.plan.partnership
    per_partnership = settings.EVIDENCE_BYTES_PER_PARTNERSHIP
    stored = EvidenceDocument.objects.of_partnership(partnership.pk).total_size()
    if stored + new > per_partnership:
        return (
            f"{partnership.short_name} already stores {size_text(stored)} of evidence, and these files would add "
            f"{size_text(new)}. A partnership can store at most {size_text(per_partnership)}: ask the Assure "
            "operators for more space."
        )
    return None


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
            if evidence:
                # Uploads at the same moment would each count the stored evidence before the
                # others' files are in it, and all pass a quota only one of them fits. Locking the
                # partnership's row until this commits makes them count one after the other; the
                # agency's daily total is within the partnership, so this one lock covers both.
                Partnership.objects.select_for_update().filter(
                    pk=action.recommendation.section.plan.partnership_id
                ).first()
            Action.objects.select_for_update(of=("self",)).filter(pk=action.pk).first()
            problems = update_problems(
                action,
                status=status,
                rag=rag,
                new_evidence_files=len(evidence),
                evidence_statement=evidence_statement,
                rag_change_reason=rag_change_reason,
            )
            quota = evidence_quota_problem(action, [upload.file.size for upload in evidence], timezone.localdate())
            if quota:
                problems["evidence_files"] = quota
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
