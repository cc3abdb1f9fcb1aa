"""Opening and closing update rounds, and chasing the leads who have not updated."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Action, ActionPlan, Reminder, UpdateRound
from ..rag import RagReason
from ..signals import Freeze, round_closed
from .notices import round_chase_notices, round_opened_notices


def round_open(
    *,
    plan: ActionPlan,
    by,
    deadline: date,
    today: date,
    forum=None,
    meeting_date: date | None = None,
    message: str = "",
    sections=(),
    agencies=(),
) -> UpdateRound:
    """Ask the leads for updates on the plan's actions that are not complete (in `sections`
    and of `agencies`, when chosen), and queue an email to each lead asked."""
    errors = {}
    if deadline < today:
        errors["deadline"] = "The deadline must be today or later"
    if meeting_date and meeting_date < deadline:
        errors["meeting_date"] = "The meeting must be on or after the deadline for updates"
    if forum is not None and forum.partnership_id != plan.partnership_id:
        errors["forum"] = "Choose one of the partnership's forums"
    if any(section.plan_id != plan.pk for section in sections):
        errors["sections"] = "Choose sections of this plan"
    if any(agency.partnership_id != plan.partnership_id for agency in agencies):
        errors["agencies"] = "Choose the partnership's agencies"
    if errors:
        raise ValidationError(errors)
    actions = Action.objects.filter(recommendation__section__plan=plan).with_progress(today)
    if sections:
        actions = actions.filter(recommendation__section__in=sections)
    if agencies:
        actions = actions.filter(agency__in=agencies)
    asked = list(actions.exclude(rag_reason=RagReason.COMPLETE).values_list("pk", flat=True))
    if not asked:
        raise ValidationError(
            "Every action in the chosen sections and agencies is complete: there is nothing to update"
        )
    try:
        with transaction.atomic():
            update_round = UpdateRound.objects.create(
                plan=plan, deadline=deadline, forum=forum, meeting_date=meeting_date, message=message, opened_by=by
            )
            update_round.sections.set(sections)
            update_round.agencies.set(agencies)
            update_round.actions.set(asked)
            round_opened_notices(update_round, today)
    except IntegrityError:
        raise ValidationError("This plan already has an open update round. Close it before opening another.") from None
    return update_round


def round_chase(*, update_round: UpdateRound, by, today: date) -> list[Reminder]:
    """Queue a reminder to each lead with actions still outstanding in the round: all of them,
    or none."""
    if not update_round.is_open:
        raise ValidationError("This round is closed.")
    with transaction.atomic():
        return round_chase_notices(update_round, today, by=by, now=timezone.now())


def round_close(*, update_round: UpdateRound, by, freeze: Freeze | None = None) -> UpdateRound:
    """Close the round; with `freeze`, the board papers also freeze the plan as it now stands
    (reporting receives `round_closed`), in the same transaction: both or neither."""
    with transaction.atomic():
        update_round = UpdateRound.objects.select_for_update().get(pk=update_round.pk)
        if not update_round.is_open:
            raise ValidationError("This round is already closed.")
        update_round.closed_at = timezone.now()
        update_round.closed_by = by
        update_round.save(update_fields=["closed_at", "closed_by"])
        round_closed.send(sender=UpdateRound, update_round=update_round, by=by, freeze=freeze)
    return update_round
