"""Sign-off: accepting a reported completion, or returning it to the lead with a reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ..models import Action, Assurance, Decision, ProgressUpdate, SignOff, Status
from .notices import completion_returned_notices


def decidable_by(user, actions):
    """Those of `actions` (annotated by `with_progress`) whose reported completion `user` may
    accept or return: it awaits assurance, `user` may assure the action, and did not report it."""
    return actions.assurable_by(user).filter(assurance=Assurance.AWAITING).exclude(latest_update__recorded_by=user)


def awaiting_sign_off(update: ProgressUpdate) -> bool:
    """Whether `update` reports its action completed and still waits for a decision: it is the
    action's latest update, says Completed, and has no sign-off yet."""
    return (
        update.status == Status.COMPLETED
        and not SignOff.objects.filter(update=update).exists()
        and Action.objects.filter(pk=update.action_id, latest_update=update).exists()
    )


def _check(update: ProgressUpdate, by) -> None:
    if not ProgressUpdate.objects.assurable_by(by).filter(pk=update.pk).exists():
        raise PermissionDenied("Only the business manager or the recommendation's monitoring officer can do this.")
    if update.recorded_by_id == by.pk:
        raise PermissionDenied("You reported this completion, so someone else must accept or return it.")
    if not awaiting_sign_off(update):
        raise ValidationError(
            "This completion is no longer awaiting assurance: it has been decided already, or a later "
            "update has been added."
        )


def completion_accept(*, update: ProgressUpdate, by) -> SignOff:
    """Accept the completion `update` reports: the action becomes complete and assured (Blue)."""
    with transaction.atomic():
        Action.objects.select_for_update().get(pk=update.action_id)
        _check(update, by)
        return SignOff.objects.create(update=update, decision=Decision.ACCEPTED, decided_by=by)


def completion_return(*, update: ProgressUpdate, by, reason: str) -> SignOff:
    """Return the completion to the lead: the action is no longer complete, and the leads are
    told why by email and on their start page."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the completion is being returned"})
    with transaction.atomic():
        Action.objects.select_for_update().get(pk=update.action_id)
        _check(update, by)
        sign_off = SignOff.objects.create(update=update, decision=Decision.RETURNED, reason=reason, decided_by=by)
        completion_returned_notices(sign_off)
        return sign_off
