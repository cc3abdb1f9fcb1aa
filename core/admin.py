"""Operator's view of the shared records: which forms were saved once."""

from django.contrib import admin

from .models import FormSubmission


@admin.register(FormSubmission)
class FormSubmissionAdmin(admin.ModelAdmin):
    """Which forms were saved, kept a few days to refuse the same form saved twice; readable here."""

    list_display = ["created", "user", "result_url"]
    list_select_related = ["user"]
    readonly_fields = ["token", "user", "created", "result_url"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
