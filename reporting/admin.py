"""Operator's fallback for cover reports."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin

from .models import CoverReport, ReportImplication


class ReportImplicationInline(admin.TabularInline):
    model = ReportImplication
    extra = 0


@admin.register(CoverReport)
class CoverReportAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["title", "plan", "addressed_to", "updated_at"]
    list_filter = ["plan__partnership"]
    list_select_related = ["plan"]
    search_fields = ["title", "purpose", "summary"]
    autocomplete_fields = ["plan", "signatory", "contact"]
    inlines = [ReportImplicationInline]


@admin.register(ReportImplication)
class ReportImplicationAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["heading", "cover_report", "position"]
    list_select_related = ["cover_report"]
    autocomplete_fields = ["cover_report"]
