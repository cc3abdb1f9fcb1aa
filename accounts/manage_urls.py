"""The business manager's two-factor pages (included under /manage/ by assure/manage_urls.py, in
the "manage" namespace)."""

from django.urls import path

from . import manage

urlpatterns = [
    path("members/<int:pk>/two-factor/reset/", manage.member_two_factor_reset, name="member_two_factor_reset"),
    path("two-factor/", manage.two_factor_rule, name="two_factor_rule"),
]
