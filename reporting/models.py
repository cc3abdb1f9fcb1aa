"""Board papers: the cover report that carries a plan to a board or committee."""

from django.core.exceptions import ValidationError
from django.db import models

from actionplans.models import ActionPlan
from agencies.models import Officer
from agencies.scoping import ScopedQuerySet


class CoverReportQuerySet(ScopedQuerySet):
    partnership_lookup = "plan__partnership"


class CoverReport(models.Model):
    """The short report in front of the plan: purpose, summary, what members are asked to do."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="cover_reports")
    title = models.CharField(max_length=300)
    addressed_to = models.CharField(max_length=200, blank=True, help_text="The board or committee.")
    purpose = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    recommendation = models.TextField(blank=True, help_text="What members are asked to do.")
    signatory = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    contact = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    background_papers = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CoverReportQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-created_at"]

    def __str__(self):
        return self.title

    def clean(self):
        for field in ("signatory", "contact"):
            officer = getattr(self, field)
            if officer is not None and officer.partnership_id != self.plan.partnership_id:
                raise ValidationError({field: "This officer must belong to the plan's partnership."})


class ReportImplicationQuerySet(ScopedQuerySet):
    partnership_lookup = "cover_report__plan__partnership"


class ReportImplication(models.Model):
    """A row of a council report's implications table ('S17 Crime and Disorder' ...)."""

    cover_report = models.ForeignKey(CoverReport, on_delete=models.CASCADE, related_name="implications")
    heading = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = ReportImplicationQuerySet.as_manager()

    class Meta:
        ordering = ["cover_report", "position", "pk"]

    def __str__(self):
        return self.heading
