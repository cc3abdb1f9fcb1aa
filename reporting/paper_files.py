"""Board papers and spreadsheets as kept files: which file answers a request, and rendering it
(in the task worker, reporting/tasks.py) into Django's default storage."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from actionplans.models import ActionPlan

from .exports import paper_csv, paper_xlsx
from .models import PaperFile, PlanVersion
from .papers import Paper, PaperOptions, current_paper, version_paper
from .pdf import paper_pdf
from .snapshots import plan_snapshot

RENDERERS = {PaperFile.Kind.PDF: paper_pdf, PaperFile.Kind.XLSX: paper_xlsx, PaperFile.Kind.CSV: paper_csv}
logger = logging.getLogger(__name__)


def digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def paper_file_for(
    *,
    plan: ActionPlan,
    kind: str,
    options: PaperOptions,
    version: PlanVersion | None = None,
    snapshot: dict | None = None,
    as_at: date | None = None,
) -> tuple[PaperFile, bool]:
    """The kept file of `version`'s paper (or, without a version, of `plan` as `snapshot` shows it
    as at `as_at`) with `options`, made if new; and whether it needs rendering: when it is new, or
    its last rendering failed."""
    options_fields = dataclasses.asdict(options)
    lookup = {"plan": plan, "kind": kind, "options_key": digest(options_fields)}
    if version is not None:
        lookup |= {"version": version}
        defaults = {"as_at": version.as_at, "download_name": _name(f"{plan.title} {version.label}", kind)}
    else:
        latest = plan.versions.first()
        state = {"snapshot": snapshot, "previous": latest.pk if latest else None}
        lookup |= {"version": None, "plan_state": digest(state), "as_at": as_at}
        defaults = {"download_name": _name(f"{plan.title} current {as_at:%Y-%m-%d}", kind)}
    with transaction.atomic():
        defaults["options"] = options_fields
        paper_file, created = PaperFile.objects.get_or_create(**lookup, defaults=defaults)
        if created:
            return paper_file, True
        paper_file = PaperFile.objects.select_for_update().get(pk=paper_file.pk)
        if paper_file.state != PaperFile.State.FAILED:
            return paper_file, False
        paper_file.state, paper_file.error = PaperFile.State.QUEUED, ""
        paper_file.save(update_fields=["state", "error"])
        return paper_file, True


def _name(title: str, kind: str) -> str:
    return f"{slugify(title)[:120]}.{kind}"


def paper_of(paper_file: PaperFile) -> Paper:
    options = PaperOptions(**paper_file.options)
    if paper_file.version_id:
        return version_paper(paper_file.version, options)
    snapshot = plan_snapshot(paper_file.plan, as_at=paper_file.as_at)
    return current_paper(paper_file.plan, snapshot, paper_file.as_at, options)


def paper_file_render(pk: int) -> None:
    """Render kept file `pk` into storage, unless it is ready already: a task run twice (its
    worker died and the task was run again) renders once more at most, into the same name."""
    with transaction.atomic():
        paper_file = PaperFile.objects.select_for_update(of=("self",)).select_related("plan", "version").get(pk=pk)
        if paper_file.state == PaperFile.State.READY:
            return
        paper_file.state, paper_file.started_at = PaperFile.State.RENDERING, timezone.now()
        paper_file.save(update_fields=["state", "started_at"])
    try:
        content = RENDERERS[paper_file.kind](paper_of(paper_file))
        storage = paper_file.file.storage
        name = f"papers/paper-{paper_file.pk}.{paper_file.kind}"
        storage.delete(name)  # left by an earlier run whose worker died before it was recorded
        stored = storage.save(name, ContentFile(content))
    except Exception as error:
        logger.exception("Paper file %s could not be rendered", pk)
        PaperFile.objects.filter(pk=pk).update(
            state=PaperFile.State.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
        raise
    PaperFile.objects.filter(pk=pk).update(state=PaperFile.State.READY, file=stored, finished_at=timezone.now())
