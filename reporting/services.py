"""Freezing a plan as a version for a meeting."""

import logging
from datetime import date

from django.conf import settings
from django.db import transaction

from actionplans.models import Action, ActionPlan
from actionplans.signals import Freeze
from agencies.models import Forum

from .dashboard import version_figures
from .models import PlanVersion, VersionFreeze
from .snapshots import plan_snapshot


def version_freeze(
    *,
    plan: ActionPlan,
    label: str,
    as_at: date,
    forum: Forum | None = None,
    meeting_date: date | None = None,
    user=None,
    update_round=None,
) -> PlanVersion:
    """Keep `plan` exactly as it stands now, with RAG and overdue judged as at `as_at`."""
    with transaction.atomic():
        version = PlanVersion(
            plan=plan,
            label=label,
            as_at=as_at,
            forum=forum,
            meeting_date=meeting_date,
            snapshot=plan_snapshot(plan, as_at=as_at),
            figures=version_figures(Action.objects.filter(recommendation__section__plan=plan).with_progress(as_at)),
            created_by=user,
            update_round=update_round,
        )
        version.full_clean()
        version.save()
        return version


logger = logging.getLogger(__name__)


def is_large(plan: ActionPlan) -> bool:
    """Whether `plan` has actions enough for its version to be frozen by the task worker."""
    return Action.objects.filter(recommendation__section__plan=plan).count() > settings.VERSION_TASK_ACTIONS


def version_freeze_requested(pk: int) -> None:
    """Freeze the version asked for by VersionFreeze `pk`, unless it is frozen already: run twice,
    it freezes once (the request is locked, and records its version in the same transaction)."""
    try:
        with transaction.atomic():
            request = VersionFreeze.objects.select_for_update(of=("self",)).select_related("plan").get(pk=pk)
            if request.version_id:
                return
            request.version = version_freeze(
                plan=request.plan,
                label=request.label,
                as_at=request.as_at,
                forum=request.forum,
                meeting_date=request.meeting_date,
                user=request.requested_by,
            )
            request.error = ""
            request.save(update_fields=["version", "error"])
    except Exception as error:
        logger.exception("Version freeze %s could not be done", pk)
        VersionFreeze.objects.filter(pk=pk).update(error=f"{type(error).__name__}: {error}"[:2000])
        raise


def version_freeze_on_round_close(*, update_round, by, freeze: Freeze | None, **kwargs) -> None:
    """Receives `round_closed`, inside the transaction that closes the round: a version that
    cannot be frozen undoes the close."""
    if freeze is None:
        return
    version_freeze(
        plan=update_round.plan,
        label=freeze.label,
        as_at=freeze.as_at,
        forum=update_round.forum,
        meeting_date=update_round.meeting_date,
        user=by,
        update_round=update_round,
    )
