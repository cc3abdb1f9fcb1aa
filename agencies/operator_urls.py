"""The operators' pages, under /operator/ (the "operator" namespace)."""

from django.urls import path

from . import operator_views

app_name = "operator"

urlpatterns = [
    path("partnerships/", operator_views.partnership_list, name="partnership_list"),
    path("partnerships/new/", operator_views.partnership_create, name="partnership_create"),
    path("invitations/<int:pk>/resend/", operator_views.invitation_resend, name="invitation_resend"),
]
