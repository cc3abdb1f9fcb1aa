"""Actions that answer a recommendation, with their leads, sub-actions and milestones."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery

from agencies.models import Agency, Forum, Officer
from agencies.scoping import ScopedQuerySet

from ..choices import SubActionKind
from ..rag import ActionProgressMixin
from .loose_fields import LooseDateAttribute, loose_date_constraint, loose_date_fields
from .parts import ACTION_PARTNERSHIP, PartOfAction, PartOfActionQuerySet
from .progress import EvidenceDocument, ProgressUpdate
from .written import written_line, written_text


class ActionQuerySet(ActionProgressMixin, ScopedQuerySet):
    partnership_lookup = ACTION_PARTNERSHIP
    agency_lookup = "agency"
    monitoring_officer_lookup = "recommendation__monitoring_officer"

    def with_evidence(self):
        """Annotate has_evidence: an evidence file, a written evidence statement (which the update
        form accepts in place of a file) or evidence of impact, on any update."""
        files = EvidenceDocument.objects.filter(progress_update__action=OuterRef("pk"))
        written = ProgressUpdate.objects.filter(action=OuterRef("pk")).exclude(
            evidence_of_impact="", evidence_statement=""
        )
        return self.annotate(has_evidence=Exists(files) | Exists(written))

    def refresh_latest_updates(self) -> int:
        """Point each action at its latest update: the latest as-at date, undated ones oldest,
        then the most recently recorded. Updates are never changed or deleted, so this is
        needed only after updates are added; every way of adding one calls it."""
        latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).latest_first()
        return self.update(latest_update=Subquery(latest.values("pk")[:1]))

    def changed_since(self, moment):
        """Actions added, edited or given a progress update after `moment`."""
        return self.filter(self.changed_since_condition(moment))

    @staticmethod
    def changed_since_condition(moment) -> Q:
        updated = ProgressUpdate.objects.filter(action=OuterRef("pk"), recorded_at__gt=moment)
        return Q(created_at__gt=moment) | Q(updated_at__gt=moment) | Q(Exists(updated))

    def not_updated_since(self, day):
        """Actions with no progress update as at `day` or later."""
        return self.exclude(Exists(ProgressUpdate.objects.filter(action=OuterRef("pk"), as_at_date__gte=day)))

    def in_plan_order(self):
        return self.order_by(
            "recommendation__section__plan",
            "recommendation__section__position",
            "recommendation__section",
            "recommendation__position",
            "recommendation",
            "position",
            "pk",
        )


class Action(models.Model):
    recommendation = models.ForeignKey(
        "actionplans.Recommendation", on_delete=models.PROTECT, related_name="actions", verbose_name="recommendation"
    )
    reference = written_line(
        "reference",
        max_length=40,
        blank=True,
        help_text="As the plan writes it: '1.1', '4'.",
    )
    text = written_text(
        "action",
        blank=True,
        help_text="Empty while the plan names leads but no action yet.",
    )
    source = written_line(
        "source",
        max_length=200,
        blank=True,
        help_text="For example Service Plan.",
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name="responsible agency",
        help_text="The responsible agency.",
    )
    leads = models.ManyToManyField(
        Officer, through="ActionLead", related_name="led_actions", blank=True, verbose_name="lead officers"
    )
    leads_note = written_line(
        "note about the leads",
        max_length=300,
        blank=True,
        help_text="Qualifiers in the plan's lead column: 'to implement'.",
    )
    target_text, target_date, target_precision = loose_date_fields("target date")
    # The written details: every output shows them in ACTION_DETAILS' order (details.py).
    outcome_measure = written_text("outcome measure", blank=True)
    measure_of_success = written_text("measure of success", blank=True)
    evidence_expected = written_text("evidence expected", blank=True)
    assurance_measures = written_text("assurance measures", blank=True, help_text="One per line.")
    desired_outcome = written_text("desired outcome", blank=True)
    reported_to = models.ForeignKey(
        Forum, on_delete=models.PROTECT, null=True, blank=True, related_name="actions", verbose_name="reported to"
    )
    next_review_text, next_review_date, next_review_precision = loose_date_fields("next review")
    cross_references = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="referenced_by", verbose_name="related actions"
    )
    extra_columns = models.JSONField(
        "other columns",
        default=dict,
        blank=True,
        help_text="Columns of an imported plan with no field of their own, kept as written: heading -> text.",
    )
    position = models.PositiveIntegerField("position", default=0, help_text="Its place in the recommendation.")
    version = models.PositiveIntegerField(
        "version",
        default=1,
        help_text="Counts saves, so that two people editing at once do not overwrite each other.",
    )
    latest_update = models.ForeignKey(
        "ProgressUpdate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="latest update",
        help_text="The update that gives its current status and RAG; kept by refresh_latest_updates().",
    )
    created_at = models.DateTimeField("added", auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    objects = ActionQuerySet.as_manager()
    target = LooseDateAttribute("target")
    next_review = LooseDateAttribute("next_review")

    class Meta:
        ordering = ["recommendation", "position", "pk"]
        constraints = [
            loose_date_constraint("target", "action"),
            loose_date_constraint("next_review", "action"),
        ]

    def __str__(self):
        text = self.text or "(no action written yet)"
        text = text if len(text) <= 80 else text[:79] + "…"
        return f"{self.reference} {text}".strip()

    def save(self, *args, **kwargs):
        # latest_update is kept by refresh_latest_updates() alone: an edit form opened before a
        # lead added an update must not write the old pointer back when it is saved.
        if self.pk and not self._state.adding and "update_fields" not in kwargs:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "latest_update"
            ]
        super().save(*args, **kwargs)

    def get_additional_data(self):
        # Files every audit entry under its action, so the action page shows all of its history.
        return {"action_id": self.pk}

    def clean(self):
        partnership_id = self.recommendation.section.plan.partnership_id
        if self.agency_id and self.agency.partnership_id != partnership_id:
            raise ValidationError({"agency": "The agency must belong to the plan's partnership."})
        if self.reported_to_id and self.reported_to.partnership_id != partnership_id:
            raise ValidationError({"reported_to": "The forum must belong to the plan's partnership."})


class ActionLead(PartOfAction, models.Model):
    """A lead officer of an action, in the order the plan names them."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="lead_links")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="action_links")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["action", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["action", "officer"], name="action_lead_named_once")]

    def __str__(self):
        return f"{self.officer} leads {self.action}"


class SubAction(PartOfAction, models.Model):
    """A step of an action: part of it, or an action that underpins or supplements it."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="sub_actions")
    kind = written_line(max_length=20, choices=SubActionKind.choices)
    text = written_text()
    source = written_line(max_length=200, blank=True)
    leads = models.ManyToManyField(Officer, through="SubActionLead", related_name="led_sub_actions", blank=True)
    leads_note = written_line(max_length=300, blank=True)
    target_text, target_date, target_precision = loose_date_fields("target date")
    position = models.PositiveIntegerField(default=0)

    objects = PartOfActionQuerySet.as_manager()
    target = LooseDateAttribute("target")

    class Meta:
        ordering = ["action", "position", "pk"]
        constraints = [loose_date_constraint("target", "subaction")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:80]}"


class SubActionLead(models.Model):
    sub_action = models.ForeignKey(SubAction, on_delete=models.CASCADE, related_name="lead_links")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="sub_action_links")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sub_action", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["sub_action", "officer"], name="sub_action_lead_named_once")]

    def __str__(self):
        return f"{self.officer} leads {self.sub_action}"

    def get_additional_data(self):
        return {"action_id": self.sub_action.action_id}


class Milestone(PartOfAction, models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    text = written_text()
    due_text, due_date, due_precision = loose_date_fields("due date")
    done_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = PartOfActionQuerySet.as_manager()
    due = LooseDateAttribute("due")

    class Meta:
        ordering = ["action", "position", "pk"]
        constraints = [loose_date_constraint("due", "milestone")]

    def __str__(self):
        return self.text[:80]
