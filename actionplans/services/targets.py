"""Moving an action's target date when the business manager accepts a lead's proposal."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Action, ProgressUpdate


def accept_proposed_target(*, action: Action, update: ProgressUpdate) -> None:
    if update.action_id != action.pk or not update.proposed_target:
        raise ValidationError("This update does not propose a new target date for this action.")
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        action.target = update.proposed_target
        action.version += 1
        action.save()
