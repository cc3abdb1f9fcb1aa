"""Operator's fallback for plan data. Progress updates can be added but never changed or
deleted here: an action's history is never overwritten."""

from auditlog.admin import LogEntryAdmin
from auditlog.mixins import AuditlogHistoryAdminMixin
from auditlog.models import LogEntry
from django.contrib import admin

from core.admin import ReadOnlyAdminMixin, RecordOnlyAdminMixin

from .models import (
    Action,
    ActionLead,
    ActionPlan,
    EvidenceDocument,
    GlossaryTerm,
    Inspection,
    Judgement,
    Milestone,
    ProgressUpdate,
    Recommendation,
    Reminder,
    Section,
    SignOff,
    SubAction,
    SubActionLead,
    TargetChange,
    UpdateRound,
)


class HistoryAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True


class JudgementInline(admin.TabularInline):
    model = Judgement
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(HistoryAdmin):
    list_display = ["title", "inspectorates", "inspected_text", "published_on", "partnership"]
    list_filter = ["partnership", "inspectorates"]
    search_fields = ["title", "summary"]
    readonly_fields = ["plan_deadline"]
    inlines = [JudgementInline]


@admin.register(Judgement)
class JudgementAdmin(HistoryAdmin):
    list_display = ["area", "criterion", "grade", "inspection"]
    list_filter = ["grade", "inspection__partnership"]
    list_select_related = ["inspection"]


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["position", "number", "title"]
    extra = 0
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(HistoryAdmin):
    list_display = ["title", "version_label", "as_at_text", "is_draft", "partnership"]
    list_filter = ["partnership", "is_draft"]
    search_fields = ["title", "version_label", "description"]
    autocomplete_fields = ["inspection", "monitoring_forum", "signed_off_by"]
    inlines = [SectionInline]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    fields = ["position", "reference", "text", "timeframe"]
    extra = 0
    show_change_link = True


@admin.register(Section)
class SectionAdmin(HistoryAdmin):
    list_display = ["__str__", "plan", "position"]
    list_filter = ["plan__partnership", "plan"]
    list_select_related = ["plan"]
    search_fields = ["title"]
    inlines = [RecommendationInline]


class ActionInline(admin.TabularInline):
    model = Action
    fields = ["position", "reference", "text", "agency", "target_text"]
    extra = 0
    show_change_link = True


@admin.register(Recommendation)
class RecommendationAdmin(HistoryAdmin):
    list_display = ["reference", "__str__", "timeframe", "section"]
    list_filter = ["section__plan__partnership", "timeframe"]
    list_select_related = ["section"]
    search_fields = ["reference", "text", "report_paragraphs"]
    autocomplete_fields = ["section", "agencies", "monitoring_officer"]
    inlines = [ActionInline]


class ActionLeadInline(admin.TabularInline):
    model = ActionLead
    extra = 0
    autocomplete_fields = ["officer"]


class SubActionInline(admin.StackedInline):
    model = SubAction
    fields = [
        "position",
        "kind",
        "text",
        "source",
        "leads_note",
        "target_text",
        "target_date",
        "target_precision",
    ]
    extra = 0
    show_change_link = True


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ["position", "text", "due_text", "due_date", "due_precision", "done_on"]
    extra = 0


class ProgressUpdateInline(admin.StackedInline):
    model = ProgressUpdate
    fields = ["as_at_text", "as_at_date", "status", "rag", "note", "evidence_of_impact", "author"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(HistoryAdmin):
    list_display = ["reference", "__str__", "agency", "target_text"]
    list_filter = ["recommendation__section__plan__partnership", "agency"]
    list_select_related = ["agency"]
    search_fields = ["reference", "text", "outcome_measure", "desired_outcome"]
    autocomplete_fields = ["recommendation", "agency", "reported_to", "cross_references"]
    inlines = [ActionLeadInline, SubActionInline, MilestoneInline, ProgressUpdateInline]


class SubActionLeadInline(admin.TabularInline):
    model = SubActionLead
    extra = 0
    autocomplete_fields = ["officer"]


@admin.register(SubAction)
class SubActionAdmin(HistoryAdmin):
    list_display = ["__str__", "kind", "action", "target_text"]
    list_filter = ["kind", "action__recommendation__section__plan__partnership"]
    list_select_related = ["action"]
    search_fields = ["text"]
    autocomplete_fields = ["action"]
    inlines = [SubActionLeadInline]


@admin.register(Milestone)
class MilestoneAdmin(HistoryAdmin):
    list_display = ["__str__", "action", "due_text", "done_on"]
    list_filter = ["action__recommendation__section__plan__partnership"]
    list_select_related = ["action"]
    search_fields = ["text"]
    autocomplete_fields = ["action"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(HistoryAdmin):
    list_display = ["__str__", "as_at_date", "status", "rag", "recorded_at"]
    list_filter = ["action__recommendation__section__plan__partnership", "status", "rag"]
    list_select_related = ["action"]
    search_fields = ["note", "evidence_of_impact"]
    autocomplete_fields = ["action", "author"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
        Action.objects.filter(pk=obj.action_id).refresh_latest_updates()


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(HistoryAdmin):
    list_display = ["abbreviation", "meaning", "partnership"]
    list_filter = ["partnership"]
    search_fields = ["abbreviation", "meaning"]


@admin.register(ActionLead)
class ActionLeadAdmin(HistoryAdmin):
    list_display = ["officer", "action", "position"]
    list_select_related = ["officer", "action"]
    autocomplete_fields = ["action", "officer"]


@admin.register(SubActionLead)
class SubActionLeadAdmin(HistoryAdmin):
    list_display = ["officer", "sub_action", "position"]
    list_select_related = ["officer", "sub_action"]
    autocomplete_fields = ["sub_action", "officer"]


class RecordOnlyAdmin(RecordOnlyAdminMixin, HistoryAdmin):
    """Records made in the application (decisions, moves, evidence): readable here, never rewritten."""


@admin.register(EvidenceDocument)
class EvidenceDocumentAdmin(RecordOnlyAdmin):
    """Evidence arrives with progress updates and is kept as it was uploaded."""

    list_display = ["original_name", "content_type", "size", "progress_update", "uploaded_by", "uploaded_at"]
    list_select_related = ["progress_update", "uploaded_by"]
    search_fields = ["original_name"]
    readonly_fields = ["progress_update", "file", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditHistoryAdmin(LogEntryAdmin):
    """The audit history: readable here, never added to, changed or deleted. (auditlog's own
    admin lets an entry go when deleting something else takes it along.)"""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SignOff)
class SignOffAdmin(RecordOnlyAdmin):
    list_display = ["__str__", "update", "decided_by", "decided_at"]
    list_filter = ["decision"]
    list_select_related = ["update__action", "decided_by"]


@admin.register(TargetChange)
class TargetChangeAdmin(RecordOnlyAdmin):
    list_display = ["__str__", "action", "changed_by", "changed_at"]
    list_select_related = ["action", "changed_by"]


@admin.register(UpdateRound)
class UpdateRoundAdmin(HistoryAdmin):
    list_display = ["__str__", "plan", "opened_at", "closed_at"]
    list_filter = ["plan__partnership"]
    list_select_related = ["plan", "forum"]
    readonly_fields = ["actions", "opened_by", "opened_at", "closed_by", "closed_at"]

    def has_add_permission(self, request):
        return False  # a round is opened in the application, which asks the leads


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Emails as queued and sent; an operator can see why one failed."""

    list_display = ["subject", "recipient", "kind", "created_at", "sent_at", "attempts"]
    list_filter = ["kind", "partnership"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "to_address"]
