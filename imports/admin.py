"""Imports as the operators see them: read-only batches, and the saved column choices."""

from django.contrib import admin

from actionplans.admin import HistoryAdmin
from core.admin import ReadOnlyAdminMixin

from .models import ImportBatch, ImportMapping


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Imports as uploaded and mapped; made in the application, readable here."""

    list_display = ["file_name", "partnership", "created_by", "created_at", "imported_at", "plan"]
    list_filter = ["partnership"]
    list_select_related = ["partnership", "created_by", "plan"]
    exclude = ["tables"]
    readonly_fields = ["partnership", "created_by", "file_name", "kind", "heading_lines", "table_index", "mapping"]
    readonly_fields += ["into", "imported_at", "plan", "report"]


@admin.register(ImportMapping)
class ImportMappingAdmin(HistoryAdmin):
    list_display = ["name", "partnership", "created_by", "created_at"]
    list_filter = ["partnership"]
