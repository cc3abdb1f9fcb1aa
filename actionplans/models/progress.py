"""Dated progress updates: an action's history, never overwritten."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from agencies.models import Officer
from agencies.scoping import ScopedQuerySet

from ..choices import Rag, Status
from .loose_fields import LooseDateAttribute, loose_date_constraint, loose_date_fields
from .parts import ACTION_PARTNERSHIP, PartOfAction, PartOfActionQuerySet
from .written import written_line, written_text


class ProgressUpdateQuerySet(PartOfActionQuerySet):
    monitoring_officer_lookup = "action__recommendation__monitoring_officer"

    def latest_first(self):
        return self.order_by(models.F("as_at_date").desc(nulls_last=True), "-pk")


class ProgressUpdate(PartOfAction, models.Model):
    """Progress on an action as at a date. The latest gives the action's status and RAG; older
    updates stay as they were written."""

    action = models.ForeignKey(
        "actionplans.Action", on_delete=models.PROTECT, related_name="progress_updates", verbose_name="action"
    )
    as_at_text, as_at_date, as_at_precision = loose_date_fields("as at")
    status = written_line("status", max_length=30, choices=Status.choices, blank=True)
    rag = written_line("RAG", max_length=10, choices=Rag.choices, blank=True)
    note = written_text(
        "note",
        blank=True,
        help_text="What has happened since the last update.",
    )
    evidence_of_impact = written_text("evidence of impact", blank=True)
    evidence_statement = written_text(
        "evidence with no document",
        blank=True,
        help_text="For a completion with no evidence file: what the evidence is and where it can be seen.",
    )
    rag_change_reason = written_text(
        "why the RAG rating improved",
        blank=True,
        help_text="Required when the update rates the action better.",
    )
    proposed_target_text, proposed_target_date, proposed_target_precision = loose_date_fields("proposed target date")
    target_change_reason = written_text(
        "why the target date should change",
        blank=True,
        help_text="Why the target date should move; required with a proposal.",
    )
    author = models.ForeignKey(
        Officer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name="author",
        help_text="The officer whose update this is.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="recorded by",
        help_text="The user who entered it (empty for updates loaded from a plan document).",
    )
    recorded_at = models.DateTimeField("recorded at", auto_now_add=True)
    on_behalf = models.BooleanField(
        "on behalf of the agency",
        default=False,
        help_text="Entered by the business manager on behalf of the agency.",
    )

    objects = ProgressUpdateQuerySet.as_manager()
    as_at = LooseDateAttribute("as_at")
    proposed_target = LooseDateAttribute("proposed_target")

    class Meta:
        ordering = ["action", models.F("as_at_date").asc(nulls_first=True), "pk"]
        constraints = [
            loose_date_constraint("as_at", "progressupdate"),
            loose_date_constraint("proposed_target", "progressupdate"),
            models.CheckConstraint(
                condition=models.Q(proposed_target_text="") | ~models.Q(target_change_reason=""),
                name="progressupdate_proposed_target_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["action", "as_at_date"], name="progress_by_action_date")]

    def __str__(self):
        when = str(self.as_at) or "undated"
        return f"Update ({when}) on {self.action}"

    def clean(self):
        if self.author_id and self.author.partnership_id != self.action.recommendation.section.plan.partnership_id:
            raise ValidationError({"author": "The author must be an officer of the action's partnership."})


class EvidenceDocumentQuerySet(ScopedQuerySet):
    partnership_lookup = f"progress_update__action__{ACTION_PARTNERSHIP}"
    agency_lookup = "progress_update__action__agency"

    def of_partnership(self, partnership_id: int):
        return self.filter(**{self.partnership_lookup: partnership_id})

    def uploaded_for_agency_on(self, agency_id: int, day):
        """Evidence on the agency's actions uploaded on `day` (in the site's time zone)."""
        return self.filter(**{self.agency_lookup: agency_id}, uploaded_at__date=day)

    def total_size(self) -> int:
        return self.aggregate(total=models.Sum("size"))["total"] or 0


class EvidenceDocument(models.Model):
    """A file attached to a progress update as evidence. Stored under a generated name."""

    progress_update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="evidence_documents")
    file = models.FileField(max_length=200)
    original_name = written_line(max_length=200, help_text="The file's name as uploaded.")
    content_type = written_line(max_length=120, help_text="As recognised from the content.")
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["progress_update", "pk"]

    def __str__(self):
        return self.original_name

    def get_additional_data(self):
        return {"action_id": self.progress_update.action_id}
