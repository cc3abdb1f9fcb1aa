"""The pages of two-factor authentication: the second step of signing in, and a person's own
two-factor settings (included at the top level by assure/urls.py)."""

from django.urls import path

from . import two_factor_views as views

urlpatterns = [
    path("sign-in/with-code/", views.sign_in_with_code, name="sign_in_with_code"),
    path("sign-in/code/", views.two_factor_verify, name="two_factor_verify"),
    path("sign-in/recovery-code/", views.two_factor_recovery, name="two_factor_recovery"),
    path("account/two-factor/", views.two_factor_account, name="two_factor_account"),
    path("account/two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/replace/", views.two_factor_replace, name="two_factor_replace"),
    path("account/two-factor/recovery-codes/", views.two_factor_recovery_codes, name="two_factor_recovery_codes"),
]
