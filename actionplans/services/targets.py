"""Moving an action's target date: each move is recorded with who made it and why, and a move
to a later date needs a reason."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..loose_dates import LooseDate
from ..models import Action, ProgressUpdate, TargetChange, moves_later


def target_change_record(
    *, action: Action, before: LooseDate, after: LooseDate, reason: str, by, proposed_in=None
) -> TargetChange | None:
    """Record that the target moved from `before` to `after` (nothing, if it did not move)."""
    if (before.text, before.date) == (after.text, after.date):
        return None
    reason = reason.strip()
    if moves_later(before, after) and not reason:
        raise ValidationError({"target_change_reason": "Say why the target date is moving later"})
    change = TargetChange(action=action, reason=reason, changed_by=by, proposed_in=proposed_in)
    change.before, change.after = before, after
    change.save()
    return change


def accept_proposed_target(*, action: Action, update: ProgressUpdate, by) -> None:
    """The business manager accepts the target date a lead proposed in `update`."""
    if update.action_id != action.pk or not update.proposed_target:
        raise ValidationError("This update does not propose a new target date for this action.")
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        after = update.proposed_target
        if (action.target.text, action.target.date) == (after.text, after.date):
            raise ValidationError(f"The target date is already {after}: nothing has changed.")
        target_change_record(
            action=action,
            before=action.target,
            after=after,
            reason=update.target_change_reason,
            by=by,
            proposed_in=update,
        )
        action.target = after
        action.version += 1
        action.save()
