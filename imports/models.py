"""An import in progress (the tables read from the upload, the mapping chosen, the result), and
mappings saved to reuse on the next copy of the same plan."""

from django.conf import settings
from django.db import models

from actionplans.models import ActionPlan
from agencies.models import Partnership
from agencies.scoping import ManagersOnlyQuerySet
from core.text import refuse_control_characters, refuse_control_characters_in_text


class ImportBatchQuerySet(ManagersOnlyQuerySet):
    partnership_lookup = "partnership"


class ImportBatch(models.Model):
    """One upload on its way to becoming a plan. The file itself is not kept: only the tables
    read from it, which is all the later steps need."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255, validators=[refuse_control_characters])
    kind = models.CharField(max_length=10, help_text="docx, xlsx or csv.", validators=[refuse_control_characters])
    tables = models.JSONField(default=list, help_text="Every table read from the file.")
    heading_lines = models.JSONField(default=list, help_text="The document's words before its first table.")
    table_index = models.PositiveIntegerField(default=0)
    as_at = models.DateField(
        null=True,
        blank=True,
        help_text="The date the file's progress is as at: it dates every update that gives no date of its own.",
    )
    as_at_line = models.CharField(
        max_length=300,
        blank=True,
        validators=[refuse_control_characters],
        help_text="The words the as-at date was read from; empty when the business manager gave it.",
    )
    mapping = models.JSONField(null=True, blank=True)
    into = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The plan this file updates; empty for a new plan.",
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    plan = models.ForeignKey(ActionPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    report = models.JSONField(default=dict, blank=True)
    import_queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When a large file was handed to the task worker to import."
    )
    import_title = models.CharField(
        max_length=300, blank=True, validators=[refuse_control_characters], help_text="The new plan's title."
    )
    import_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    import_error = models.TextField(
        blank=True, validators=[refuse_control_characters_in_text], help_text="Why the task could not import it."
    )

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        db_table = "actionplans_importbatch"
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"Import of {self.file_name}"

    @property
    def is_being_imported(self) -> bool:
        """Handed to the task worker, and neither imported nor refused yet."""
        return self.import_queued_at is not None and self.imported_at is None and not self.import_error


class ImportMappingQuerySet(ManagersOnlyQuerySet):
    partnership_lookup = "partnership"


class ImportMapping(models.Model):
    """Which field each heading fills, saved by name to reuse on the next copy of a plan."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120, validators=[refuse_control_characters])
    mapping = models.JSONField(help_text="Columns by heading, part agencies and the default agency.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImportMappingQuerySet.as_manager()

    class Meta:
        db_table = "actionplans_importmapping"
        ordering = ["partnership", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="import_mapping_name_unique_in_partnership")
        ]

    def __str__(self):
        return self.name
