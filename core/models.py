"""Each filling-in of a form that creates something, saved once however often it is posted."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.text import refuse_control_characters

# Long enough to cover going back to a page and posting it again; the rows are only that guard.
KEPT_FOR = timedelta(days=7)


class FormSubmissionManager(models.Manager):
    def forget_old(self, now=None):
        """Delete the submissions too old to be posted again by accident."""
        return self.filter(created__lt=(now or timezone.now()) - KEPT_FOR).delete()


class FormSubmission(models.Model):
    """A form's one-off token, claimed by the save it was posted with. A second post of the same
    token (a double click, or back and submit again) is sent to the first save's result instead
    of saving again."""

    token = models.CharField(max_length=64, unique=True, validators=[refuse_control_characters])
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now, db_index=True)
    result_url = models.CharField(
        max_length=500, blank=True, help_text="Where the first save led.", validators=[refuse_control_characters]
    )

    objects = FormSubmissionManager()

    class Meta:
        db_table = "actionplans_formsubmission"
        ordering = ["-created"]

    def __str__(self):
        return f"{self.user} at {self.created:%Y-%m-%d %H:%M}"

    def record_result(self, url: str) -> None:
        self.result_url = url
        self.save(update_fields=["result_url"])
