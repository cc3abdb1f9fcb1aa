"""Freezing a plan as a version for a meeting."""

from datetime import date

from django.db import transaction

from actionplans.models import Action, ActionPlan
from actionplans.signals import Freeze
from agencies.models import Forum

from .dashboard import version_figures
from .models import PlanVersion
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
