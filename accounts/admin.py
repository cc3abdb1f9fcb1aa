"""Operator's view of who is signed in."""

from django.contrib import admin

from core.admin import RecordOnlyAdminMixin

from .models import SignedInSession


@admin.register(SignedInSession)
class SignedInSessionAdmin(RecordOnlyAdminMixin, admin.ModelAdmin):
    """Who is signed in, for an operator to see; sessions end by signing out or deactivation."""

    list_display = ["user", "signed_in_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "session_key", "signed_in_at"]
