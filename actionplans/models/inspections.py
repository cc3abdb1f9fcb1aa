"""Inspections and their judgements, and the deadlines that follow from publication."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import models

from agencies.models import Partnership
from agencies.scoping import ScopedQuerySet

from ..choices import Grade, Inspectorate, Timeframe
from ..working_days import STATUTORY_PLAN_WORKING_DAYS, add_working_days
from .loose_fields import LooseDateAttribute, loose_date_constraint, loose_date_fields
from .written import written_line, written_text


class InspectionQuerySet(ScopedQuerySet):
    partnership_lookup = "partnership"


class Inspection(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="inspections")
    title = written_line(max_length=300)
    inspectorates = written_line(max_length=20, choices=Inspectorate.choices)
    inspected_text, inspected_date, inspected_precision = loose_date_fields("inspection date")
    published_on = models.DateField(
        "report published on",
        null=True,
        blank=True,
        help_text="Starts the clock for the written plan and for recommendations' timeframes.",
    )
    summary = written_text(
        blank=True,
        help_text="What the inspection covered and who inspected.",
    )

    objects = InspectionQuerySet.as_manager()
    inspected = LooseDateAttribute("inspected")

    class Meta:
        ordering = ["partnership", "-inspected_date", "title"]
        constraints = [loose_date_constraint("inspected", "inspection")]

    def __str__(self):
        when = f" ({self.inspected})" if self.inspected else ""
        return f"{self.title}{when}"

    @property
    def plan_deadline(self) -> date | None:
        """The statutory deadline for the written action plan: 70 working days in England."""
        if self.published_on is None:
            return None
        return add_working_days(self.published_on, STATUTORY_PLAN_WORKING_DAYS)

    def due_date_for(self, timeframe: str, by_date: date | None = None) -> date | None:
        """When a recommendation with this timeframe is due, counted from publication."""
        if timeframe == Timeframe.BY_DATE:
            return by_date
        months = Timeframe(timeframe).months_after_publication
        if months is None or self.published_on is None:
            return None
        return self.published_on + relativedelta(months=months)


class JudgementQuerySet(ScopedQuerySet):
    partnership_lookup = "inspection__partnership"


class Judgement(models.Model):
    """One graded judgement: 'Safeguarding services / Overall effectiveness / Adequate'."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    area = written_line(max_length=200, help_text="e.g. 'Safeguarding services'.")
    criterion = written_line(max_length=200, help_text="e.g. 'Overall effectiveness'.")
    grade = written_line(max_length=30, choices=Grade.choices)
    position = models.PositiveIntegerField(default=0)

    objects = JudgementQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "position", "pk"]

    def __str__(self):
        return f"{self.area} / {self.criterion} / {self.get_grade_display()}"
