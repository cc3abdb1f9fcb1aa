"""What Assure keeps about signing in, beyond Django's own users and sessions."""

from django.conf import settings
from django.db import models

from core.text import refuse_control_characters


class SignedInSession(models.Model):
    """A session someone signed in with, so that all of a person's sessions can be ended at once
    (signing out, deactivation, a new password). Not plan data: not audited."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True, validators=[refuse_control_characters])
    signed_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "agencies_signedinsession"
        ordering = ["user", "signed_in_at"]

    def __str__(self):
        return f"{self.user} signed in at {self.signed_in_at:%Y-%m-%d %H:%M}"
