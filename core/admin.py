"""Operator's view of the shared records (which forms were saved once), and the admin's
read-only ways for rows the application makes."""

from django.contrib import admin

from .models import FormSubmission


class ReadOnlyAdminMixin:
    """Rows made in the application: an operator reads them here, and never adds or changes one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RecordOnlyAdminMixin(ReadOnlyAdminMixin):
    """Records kept as they were made: not deleted here either."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FormSubmission)
class FormSubmissionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Which forms were saved, kept a few days to refuse the same form saved twice; readable here."""

    list_display = ["created", "user", "result_url"]
    list_select_related = ["user"]
    readonly_fields = ["token", "user", "created", "result_url"]
