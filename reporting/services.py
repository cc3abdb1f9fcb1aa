"""Freezing a plan as a version for a meeting."""

from datetime import date

from django.db import transaction

from actionplans.models import Action, ActionPlan, UpdateRound
from actionplans.services.rounds import round_close
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


def round_close_with_version(
    *, update_round: UpdateRound, user, label: str, as_at: date, forum: Forum | None, meeting_date: date | None
) -> PlanVersion:
    """Close the round and freeze the plan as it now stands, in one step: both or neither."""
    with transaction.atomic():
        update_round = round_close(update_round=update_round, by=user)
        return version_freeze(
            plan=update_round.plan,
            label=label,
            as_at=as_at,
            forum=forum,
            meeting_date=meeting_date,
            user=user,
            update_round=update_round,
        )
