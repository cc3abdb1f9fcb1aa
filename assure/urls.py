"""URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from accounts.account_views import (
    ChangePasswordView,
    ResetPasswordCompleteView,
    ResetPasswordConfirmView,
    ResetPasswordSentView,
    ResetPasswordView,
)
from accounts.forms import OperatorSignInForm
from accounts.sign_in_views import SignInView
from accounts.single_sign_on_views import single_sign_on, single_sign_on_callback
from actionplans.views.start import start

handler400 = "core.errors.bad_request"
handler500 = "core.errors.server_error"

admin.site.site_header = "Assure administration"
admin.site.site_title = "Assure administration"
admin.site.index_title = "Operator's fallback: partnerships, plans and people"
admin.site.login_form = OperatorSignInForm

urlpatterns = [
    path("", start, name="start"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-in/organisation/", single_sign_on, name="single_sign_on"),
    path("sign-in/organisation/callback/", single_sign_on_callback, name="single_sign_on_callback"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", ChangePasswordView.as_view(), name="password_change"),
    path("forgotten-password/", ResetPasswordView.as_view(), name="password_reset"),
    path("forgotten-password/check-your-email/", ResetPasswordSentView.as_view(), name="password_reset_done"),
    path("reset-password/<uidb64>/<token>/", ResetPasswordConfirmView.as_view(), name="password_reset_confirm"),
    path("reset-password/done/", ResetPasswordCompleteView.as_view(), name="password_reset_complete"),
    path("", include("accounts.two_factor_urls")),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="accessibility.html"),
        name="accessibility",
    ),
    path("", include("agencies.urls")),
    path("", include("actionplans.urls")),
    path("manage/", include("assure.manage_urls")),
    path("operator/", include("agencies.operator_urls")),
    path("", include("reporting.urls")),
    path("admin/", admin.site.urls),
]
