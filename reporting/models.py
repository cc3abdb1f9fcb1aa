"""Board papers: frozen versions of a plan, and the cover report that carries each to a meeting."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from actionplans.models import ActionPlan, UpdateRound
from agencies.models import Forum, Officer
from agencies.scoping import ScopedQuerySet
from core.text import refuse_control_characters, refuse_control_characters_in_text


class PlanVersionQuerySet(ScopedQuerySet):
    partnership_lookup = "plan__partnership"


class PlanVersion(models.Model):
    """A plan exactly as it stood when frozen for a meeting. The snapshot holds every fact the
    paper shows, so later edits to the plan never change the version or its paper."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="versions")
    label = models.CharField(
        max_length=200, help_text="e.g. 'LSCB Composite Plan July 2012'.", validators=[refuse_control_characters]
    )
    as_at = models.DateField(help_text="The date the plan is reported as at; RAG and overdue are judged on it.")
    forum = models.ForeignKey(
        Forum,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="versions",
        help_text="The meeting it feeds.",
    )
    meeting_date = models.DateField(null=True, blank=True)
    update_round = models.OneToOneField(
        UpdateRound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="version",
        help_text="The update round whose closing froze it.",
    )
    snapshot = models.JSONField(editable=False)
    figures = models.JSONField(
        default=dict, editable=False, help_text="Its RAG mix (whole plan, per agency, per section), for dashboards."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-as_at", "-created_at", "-pk"]
        get_latest_by = ["as_at", "created_at", "pk"]

    def __str__(self):
        return f"{self.label} (as at {self.as_at.day} {self.as_at:%B %Y})"

    def clean(self):
        if self.forum_id and self.forum.partnership_id != self.plan.partnership_id:
            raise ValidationError({"forum": "The forum must belong to the plan's partnership."})

    def previous(self):
        """The version of the same plan frozen before this one, if any."""
        earlier = PlanVersion.objects.filter(plan_id=self.plan_id).exclude(pk=self.pk)
        earlier = earlier.filter(
            models.Q(as_at__lt=self.as_at)
            | models.Q(as_at=self.as_at, created_at__lt=self.created_at)
            | models.Q(as_at=self.as_at, created_at=self.created_at, pk__lt=self.pk)
        )
        return earlier.order_by("-as_at", "-created_at", "-pk").first()


class CoverReportQuerySet(ScopedQuerySet):
    partnership_lookup = "version__plan__partnership"


class CoverReport(models.Model):
    """The short report in front of a version's plan: purpose, summary, what members are asked
    to do. Judgements, the summary of actions and the agencies' lead officers come from the
    version itself."""

    version = models.OneToOneField(PlanVersion, on_delete=models.PROTECT, related_name="cover_report")
    title = models.CharField(max_length=300, validators=[refuse_control_characters])
    addressed_to = models.CharField(
        max_length=200, blank=True, help_text="The board or committee.", validators=[refuse_control_characters]
    )
    purpose = models.TextField(blank=True, validators=[refuse_control_characters_in_text])
    summary = models.TextField(blank=True, validators=[refuse_control_characters_in_text])
    recommendation = models.TextField(
        blank=True, help_text="What members are asked to do.", validators=[refuse_control_characters_in_text]
    )
    signatory = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    contact = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    background_papers = models.TextField(blank=True, validators=[refuse_control_characters_in_text])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CoverReportQuerySet.as_manager()

    class Meta:
        ordering = ["version"]

    def __str__(self):
        return self.title

    def clean(self):
        partnership_id = self.version.plan.partnership_id
        for field in ("signatory", "contact"):
            officer = getattr(self, field)
            if officer is not None and officer.partnership_id != partnership_id:
                raise ValidationError({field: "This officer must belong to the plan's partnership."})


class ReportImplicationQuerySet(ScopedQuerySet):
    partnership_lookup = "cover_report__version__plan__partnership"


class ReportImplication(models.Model):
    """A row of a council report's implications table ('S17 Crime and Disorder' ...)."""

    cover_report = models.ForeignKey(CoverReport, on_delete=models.CASCADE, related_name="implications")
    heading = models.CharField(max_length=200, validators=[refuse_control_characters])
    text = models.TextField(blank=True, validators=[refuse_control_characters_in_text])
    position = models.PositiveIntegerField(default=0)

    objects = ReportImplicationQuerySet.as_manager()

    class Meta:
        ordering = ["cover_report", "position", "pk"]

    def __str__(self):
        return self.heading


class PaperFileQuerySet(ScopedQuerySet):
    partnership_lookup = "plan__partnership"


class PaperFile(models.Model):
    """A board paper or spreadsheet as the task worker renders it, kept: asked for again for the
    same version (or the live plan in the same state, on the same day) with the same options, it
    is this file, never rendered twice."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel spreadsheet"
        CSV = "csv", "CSV spreadsheet"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to be prepared"
        RENDERING = "rendering", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="paper_files")
    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="paper_files"
    )
    plan_state = models.CharField(
        max_length=64,
        blank=True,
        help_text="For the live plan: a digest of the plan as it stood when asked for.",
        validators=[refuse_control_characters],
    )
    as_at = models.DateField(help_text="The date RAG and overdue are judged on.")
    options = models.JSONField(default=dict, help_text="What the paper shows (reporting.papers.PaperOptions).")
    options_key = models.CharField(
        max_length=64, help_text="A digest of the options.", validators=[refuse_control_characters]
    )
    kind = models.CharField(max_length=4, choices=Kind.choices, validators=[refuse_control_characters])
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.QUEUED, validators=[refuse_control_characters]
    )
    file = models.FileField(upload_to="papers/", blank=True)
    download_name = models.CharField(max_length=130, validators=[refuse_control_characters])
    error = models.TextField(
        blank=True,
        help_text="Why it could not be prepared, for operators.",
        validators=[refuse_control_characters_in_text],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = PaperFileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "kind", "options_key"],
                condition=models.Q(version__isnull=False),
                name="paper_file_once_per_version_and_options",
            ),
            models.UniqueConstraint(
                fields=["plan", "plan_state", "as_at", "kind", "options_key"],
                condition=models.Q(version__isnull=True),
                name="paper_file_once_per_plan_state_and_options",
            ),
        ]

    def __str__(self):
        return self.download_name

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.READY, self.State.FAILED)


class VersionFreezeQuerySet(ScopedQuerySet):
    partnership_lookup = "plan__partnership"


class VersionFreeze(models.Model):
    """A version of a large plan asked for, frozen by the task worker rather than in the request."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=200, validators=[refuse_control_characters])
    as_at = models.DateField()
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    meeting_date = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.OneToOneField(PlanVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    error = models.TextField(
        blank=True,
        help_text="Why it could not be frozen, for operators.",
        validators=[refuse_control_characters_in_text],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VersionFreezeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.label
