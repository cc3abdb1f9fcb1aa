"""Operator's fallback for partnerships, agencies, officers, forums, memberships and invitations."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin

from core.admin import ReadOnlyAdminMixin

from .models import (
    Agency,
    Forum,
    Invitation,
    Membership,
    Officer,
    Partnership,
    SingleSignOn,
    SingleSignOnIdentity,
)


class AgencyInline(admin.TabularInline):
    model = Agency
    fields = ["short_name", "name", "kind"]
    extra = 0
    show_change_link = True


@admin.register(Partnership)
class PartnershipAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "slug", "area"]
    search_fields = ["name", "short_name", "area"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [AgencyInline]


@admin.register(Agency)
class AgencyAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["short_name", "name", "kind", "partnership", "lead_officer"]
    list_filter = ["partnership", "kind"]
    list_select_related = ["partnership", "lead_officer"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["lead_officer"]


@admin.register(Officer)
class OfficerAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "agency", "partnership", "email", "user"]
    list_filter = ["partnership", "agency"]
    list_select_related = ["partnership", "agency", "user"]
    search_fields = ["name", "job_title", "email"]
    autocomplete_fields = ["agency", "user"]


@admin.register(Forum)
class ForumAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "partnership"]
    list_filter = ["partnership"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["user", "partnership", "role", "agency"]
    list_filter = ["partnership", "role"]
    list_select_related = ["user", "partnership", "agency"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "agency"]


@admin.register(Invitation)
class InvitationAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """Invitations are sent and withdrawn by business managers and accepted through their link;
    an operator sees them and may withdraw one (by its date), but never sees or makes a link."""

    list_display = ["email", "partnership", "role", "agency", "sent_at", "expires_at", "accepted_at", "withdrawn_at"]
    list_filter = ["partnership", "role"]
    list_select_related = ["partnership", "agency"]
    search_fields = ["email", "first_name", "last_name"]
    fields = ["partnership", "email", "first_name", "last_name", "role", "agency", "officer", "invited_by", "sent_at"]
    fields += ["expires_at", "accepted_at", "accepted_by", "withdrawn_at"]
    readonly_fields = [name for name in fields if name != "withdrawn_at"]

    def has_add_permission(self, request):
        return False


@admin.register(SingleSignOn)
class SingleSignOnAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """Operators set up an organisation's own sign-in for a partnership; the client secret stays
    in the environment variable the row names."""

    list_display = ["name", "partnership", "issuer", "enabled"]
    list_filter = ["partnership", "enabled"]
    list_select_related = ["partnership"]
    search_fields = ["name", "issuer", "allowed_domains"]


@admin.register(SingleSignOnIdentity)
class SingleSignOnIdentityAdmin(ReadOnlyAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """Logins linked to their account at an organisation's sign-in, made at a first sign-in.
    An operator may remove a wrong link (the person is matched by e-mail again next time)."""

    list_display = ["user", "name", "issuer", "subject", "linked_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "subject"]
    readonly_fields = ["user", "name", "confirmed", "issuer", "client_id", "subject", "linked_at"]
