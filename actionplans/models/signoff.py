"""Sign-off: the business manager (or the recommendation's monitoring officer) accepts a lead's
report that an action is completed, or returns it with a reason."""

from django.conf import settings
from django.db import models

from agencies.scoping import ScopedQuerySet

from ..choices import Decision
from .parts import ACTION_PARTNERSHIP
from .progress import ProgressUpdate
from .written import written_line, written_text


class SignOffQuerySet(ScopedQuerySet):
    partnership_lookup = f"update__action__{ACTION_PARTNERSHIP}"
    agency_lookup = "update__action__agency"


class SignOff(models.Model):
    """The decision on one update that reports an action completed."""

    update = models.OneToOneField(ProgressUpdate, on_delete=models.PROTECT, related_name="sign_off")
    decision = written_line(max_length=10, choices=Decision.choices)
    reason = written_text(
        blank=True,
        help_text="Why it was returned: what the lead needs to do.",
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    objects = SignOffQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = "sign-off"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision=Decision.RETURNED) | ~models.Q(reason=""),
                name="signoff_returned_has_reason",
            ),
        ]

    def __str__(self):
        decided = f"Completion {self.get_decision_display().lower()}"
        return f"{decided}. Reason: {self.reason}" if self.reason else decided

    def get_additional_data(self):
        return {"action_id": self.update.action_id}
