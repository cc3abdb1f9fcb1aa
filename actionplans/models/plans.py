"""A partnership's action plan: its sections and the recommendations it answers."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When

from agencies.models import Agency, Forum, Officer, Partnership
from agencies.scoping import ScopedQuerySet

from ..choices import Assurance, Timeframe
from ..loose_dates import read_loose_date
from .actions import Action
from .inspections import Inspection
from .loose_fields import LooseDateAttribute, loose_date_constraint, loose_date_fields
from .written import written_line, written_text


class ActionPlanQuerySet(ScopedQuerySet):
    partnership_lookup = "partnership"


class ActionPlan(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="plans")
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, null=True, blank=True, related_name="plans")
    title = written_line(max_length=300)
    description = written_text(blank=True, help_text="The plan's own heading or subtitle.")
    owner_body = written_line(
        max_length=200,
        help_text="The body that owns the plan, e.g. 'Darlington LSCB'.",
    )
    version_label = written_line(
        max_length=200,
        blank=True,
        help_text="e.g. 'LSCB Composite Plan July 2012'.",
    )
    as_at_text, as_at_date, as_at_precision = loose_date_fields("as at")
    is_draft = models.BooleanField(default=False)
    notes = written_text(blank=True, help_text="Notes printed on the plan.")
    monitoring_forum = models.ForeignKey(
        Forum,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The forum that monitors the plan.",
    )
    signed_off_by = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionPlanQuerySet.as_manager()
    as_at = LooseDateAttribute("as_at")

    class Meta:
        ordering = ["partnership", "title"]
        constraints = [loose_date_constraint("as_at", "actionplan")]

    def __str__(self):
        return f"{self.title} – {self.version_label}" if self.version_label else self.title

    def clean(self):
        for field in ("inspection", "monitoring_forum", "signed_off_by"):
            related = getattr(self, field)
            if related is not None and related.partnership_id != self.partnership_id:
                raise ValidationError({field: "This must belong to the plan's partnership."})


class SectionQuerySet(ScopedQuerySet):
    partnership_lookup = "plan__partnership"


class Section(models.Model):
    """A section or theme of a plan ('Safeguarding', 'Quality of Assessment and Planning')."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="sections")
    number = written_line(max_length=20, blank=True)
    title = written_line(max_length=300)
    position = models.PositiveIntegerField(default=0)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "pk"]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title


class RecommendationQuerySet(ScopedQuerySet):
    partnership_lookup = "section__plan__partnership"

    def with_delivery(self, today: date, agency=None):
        """Annotate is_delivered: the recommendation has actions (of `agency`, when given) and
        every one of them is complete and its completion accepted, as at `today`."""
        actions = Action.objects.filter(recommendation=OuterRef("pk"))
        if agency is not None:
            actions = actions.filter(agency=agency)
        still_open = actions.with_progress(today).exclude(assurance=Assurance.ACCEPTED)
        return self.annotate(
            is_delivered=Case(When(Exists(actions) & ~Exists(still_open), then=Value(True)), default=Value(False))
        )


class Recommendation(models.Model):
    """An inspectors' recommendation ('area for improvement') that the plan answers."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="recommendations", verbose_name="section"
    )
    reference = written_line(
        "reference",
        max_length=40,
        blank=True,
        help_text="As the plan writes it: '1.1', '3'.",
    )
    text = written_text(
        "recommendation",
    )
    timeframe = written_line("timeframe", max_length=20, choices=Timeframe.choices, blank=True)
    timeframe_text = written_line("timeframe as written", max_length=100, blank=True)
    timeframe_date = models.DateField("timeframe date", null=True, blank=True, help_text="Only for 'by a date'.")
    report_paragraphs = written_line(
        "report paragraphs",
        max_length=200,
        blank=True,
        help_text="As written: 'Para 17, 27, 44'.",
    )
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="recommendations", verbose_name="agencies it is addressed to"
    )
    agencies_note = written_line(
        "note about who is addressed",
        max_length=300,
        blank=True,
        help_text="Words about who is addressed that name no agency.",
    )
    practice_standards = written_text("practice standards", blank=True, help_text="One per line.")
    source = written_line(
        "source",
        max_length=200,
        blank=True,
        help_text="e.g. 'Peer Challenge Action Plan'.",
    )
    monitoring_officer = models.ForeignKey(
        Officer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitored_recommendations",
        verbose_name="monitoring officer",
    )
    position = models.PositiveIntegerField("position", default=0, help_text="Its place in the section.")
    version = models.PositiveIntegerField(
        "version",
        default=1,
        help_text="Counts saves, so that two people editing at once do not overwrite each other.",
    )

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["section", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(timeframe=Timeframe.BY_DATE) & Q(timeframe_date__isnull=False))
                | (~Q(timeframe=Timeframe.BY_DATE) & Q(timeframe_date__isnull=True)),
                name="recommendation_timeframe_date_only_when_by_date",
            )
        ]

    def __str__(self):
        text = self.text if len(self.text) <= 80 else self.text[:79] + "…"
        return f"{self.reference} {text}".strip()

    @property
    def practice_standard_list(self) -> list[str]:
        return [line.strip() for line in self.practice_standards.splitlines() if line.strip()]

    @property
    def due_date(self) -> date | None:
        inspection = self.section.plan.inspection
        if inspection is None:
            return self.timeframe_date
        return inspection.due_date_for(self.timeframe, self.timeframe_date)


def timeframe_from_words(words: str) -> tuple[str, date | None]:
    """The timeframe a plan's words state: 'Immediate', 'Within 3 months', '(6 months)', a date."""
    reading = read_loose_date(words)
    months = reading.months_after_publication
    by_months = {0: Timeframe.IMMEDIATE, 3: Timeframe.WITHIN_3_MONTHS, 6: Timeframe.WITHIN_6_MONTHS}
    if months in by_months:
        return by_months[months], None
    if reading.value.date is not None:
        return Timeframe.BY_DATE, reading.value.date
    return Timeframe.NOT_STATED, None


class GlossaryTermQuerySet(ScopedQuerySet):
    partnership_lookup = "partnership"


class GlossaryTerm(models.Model):
    """An abbreviation used in the partnership's plans, and what it stands for."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="glossary")
    abbreviation = written_line(max_length=40)
    meaning = written_line(max_length=300)

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "abbreviation"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "abbreviation"], name="glossary_term_unique_in_partnership")
        ]

    def __str__(self):
        return f"{self.abbreviation}: {self.meaning}"
