"""Dated progress updates: an action's history, never overwritten."""

from django.conf import settings
from django.db import models

from agencies.models import Officer
from agencies.scoping import ScopedQuerySet

from .actions import ACTION_PARTNERSHIP, Action
from .choices import Rag, Status
from .loose_fields import LooseDateAttribute, loose_date_constraint, loose_date_fields


class ProgressUpdateQuerySet(ScopedQuerySet):
    partnership_lookup = f"action__{ACTION_PARTNERSHIP}"
    agency_lookup = "action__agency"

    def latest_first(self):
        return self.order_by(models.F("as_at_date").desc(nulls_last=True), "-pk")


class ProgressUpdate(models.Model):
    """Progress on an action as at a date. The latest gives the action's status and RAG; older
    updates stay as they were written."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="progress_updates")
    as_at_text, as_at_date, as_at_precision = loose_date_fields("as at")
    status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    rag = models.CharField("RAG", max_length=10, choices=Rag.choices, blank=True)
    note = models.TextField(blank=True)
    evidence_of_impact = models.TextField(blank=True)
    author = models.ForeignKey(
        Officer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
        help_text="The officer whose update this is.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The user who entered it (empty for updates loaded from a plan document).",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ProgressUpdateQuerySet.as_manager()
    as_at = LooseDateAttribute("as_at")

    class Meta:
        ordering = ["action", models.F("as_at_date").asc(nulls_first=True), "pk"]
        constraints = [loose_date_constraint("as_at", "progressupdate")]
        indexes = [models.Index(fields=["action", "as_at_date"], name="progress_by_action_date")]

    def __str__(self):
        when = str(self.as_at) or "undated"
        return f"Update ({when}) on {self.action}"
