"""Update rounds: before a meeting, the business manager asks the leads for an update on their
actions by a deadline."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from agencies.models import Agency, Forum
from agencies.scoping import ScopedQuerySet

from .actions import Action
from .plans import ActionPlan, Section
from .progress import ProgressUpdate
from .written import written_text


class UpdateRoundQuerySet(ScopedQuerySet):
    partnership_lookup = "plan__partnership"

    def open(self):
        return self.filter(closed_at__isnull=True)


class UpdateRound(models.Model):
    """A request to the leads for updates on a plan's actions (or some sections' or agencies'),
    by a deadline, for a meeting. The actions asked about are fixed when the round opens; an
    action counts as updated once a progress update is recorded while the round is open."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="update_rounds")
    deadline = models.DateField(help_text="The last day for updates.")
    forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, null=True, blank=True, related_name="+", help_text="The meeting it feeds."
    )
    meeting_date = models.DateField(null=True, blank=True)
    message = written_text(
        blank=True,
        help_text="What the business manager asks of the leads.",
    )
    sections = models.ManyToManyField(Section, blank=True, related_name="+", help_text="None chosen: every section.")
    agencies = models.ManyToManyField(Agency, blank=True, related_name="+", help_text="None chosen: every agency.")
    actions = models.ManyToManyField(Action, related_name="update_rounds")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = UpdateRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(closed_at__isnull=True), name="one_open_update_round_per_plan"
            ),
        ]

    def __str__(self):
        for_meeting = f" for {self.forum}" if self.forum_id else ""
        return f"Update round{for_meeting}, deadline {self.deadline.day} {self.deadline:%B %Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def updated_condition(self, action_ref: str = "pk") -> Exists:
        """A progress update was recorded on the action (`action_ref`, from the outer query)
        while this round was open."""
        updates = ProgressUpdate.objects.filter(action=OuterRef(action_ref), recorded_at__gte=self.opened_at)
        if self.closed_at:
            updates = updates.filter(recorded_at__lte=self.closed_at)
        return Exists(updates)

    def actions_with_round_status(self):
        """The round's actions, annotated `updated_in_round`."""
        return self.actions.annotate(updated_in_round=self.updated_condition())

    def get_additional_data(self):
        return {"plan_id": self.plan_id}
