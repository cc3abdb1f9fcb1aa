"""Operator's view of who is signed in."""

from django.contrib import admin

from .models import SignedInSession


@admin.register(SignedInSession)
class SignedInSessionAdmin(admin.ModelAdmin):
    """Who is signed in, for an operator to see; sessions end by signing out or deactivation."""

    list_display = ["user", "signed_in_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "session_key", "signed_in_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
