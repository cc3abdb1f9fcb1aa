"""Each move of an action's target date, with who moved it and why."""

from django.conf import settings
from django.db import models

from .actions import Action
from .loose_fields import LooseDateAttribute, loose_date_constraint, loose_date_fields
from .parts import PartOfAction, PartOfActionQuerySet
from .progress import ProgressUpdate
from .written import written_text


class TargetChange(PartOfAction, models.Model):
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="target_changes")
    before_text, before_date, before_precision = loose_date_fields("target before")
    after_text, after_date, after_precision = loose_date_fields("target after")
    reason = written_text(blank=True, help_text="Required when the date moves later.")
    proposed_in = models.ForeignKey(
        ProgressUpdate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The lead's update that proposed it, when the business manager accepted a proposal.",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    objects = PartOfActionQuerySet.as_manager()
    before = LooseDateAttribute("before")
    after = LooseDateAttribute("after")

    class Meta:
        ordering = ["action", "changed_at", "pk"]
        constraints = [
            loose_date_constraint("before", "targetchange"),
            loose_date_constraint("after", "targetchange"),
        ]

    def __str__(self):
        moved = f"Target date moved from {self.before or 'none'} to {self.after or 'none'}"
        return f"{moved}. Reason: {self.reason}" if self.reason else moved


def moves_later(before, after) -> bool:
    """Whether a target moving from `before` to `after` (loose dates) gives more time: a later
    date, or no date at all where there was one."""
    if before.date is None:
        return False
    return after.date is None or after.date > before.date
