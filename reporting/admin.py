"""Operator's fallback for versions and cover reports. A version's snapshot is never edited."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin

from .models import CoverReport, PaperFile, PlanVersion, ReportImplication, VersionFreeze


@admin.register(PlanVersion)
class PlanVersionAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["label", "plan", "as_at", "forum", "meeting_date", "created_at"]
    list_filter = ["plan__partnership"]
    list_select_related = ["plan", "forum"]
    search_fields = ["label"]
    readonly_fields = ["plan", "as_at", "created_by", "created_at"]
    exclude = ["snapshot"]

    def has_add_permission(self, request):
        return False  # freezing builds the snapshot: it is done in the application

    def has_delete_permission(self, request, obj=None):
        return False


class ReportImplicationInline(admin.TabularInline):
    model = ReportImplication
    extra = 0


@admin.register(CoverReport)
class CoverReportAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["title", "version", "addressed_to", "updated_at"]
    list_filter = ["version__plan__partnership"]
    list_select_related = ["version"]
    search_fields = ["title", "purpose", "summary"]
    autocomplete_fields = ["signatory", "contact"]
    readonly_fields = ["version"]
    inlines = [ReportImplicationInline]


@admin.register(ReportImplication)
class ReportImplicationAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["heading", "cover_report", "position"]
    list_select_related = ["cover_report"]
    autocomplete_fields = ["cover_report"]


class MadeByTheTaskWorker(admin.ModelAdmin):
    """Papers and frozen versions are made by the task worker: the admin shows them, to see why
    one failed, and changes nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PaperFile)
class PaperFileAdmin(MadeByTheTaskWorker):
    list_display = ["plan", "version", "kind", "state", "as_at", "created_at"]
    list_filter = ["state", "kind", "plan__partnership"]
    list_select_related = ["plan", "version"]


@admin.register(VersionFreeze)
class VersionFreezeAdmin(MadeByTheTaskWorker):
    list_display = ["label", "plan", "as_at", "version", "created_at"]
    list_filter = ["plan__partnership"]
    list_select_related = ["plan", "version"]
