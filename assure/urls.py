"""URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from actionplans.views.start import start
from agencies.account_views import ChangePasswordView
from agencies.forms import SignInForm

admin.site.site_header = "Assure administration"
admin.site.site_title = "Assure administration"
admin.site.index_title = "Operator's fallback: partnerships, plans and people"

urlpatterns = [
    path("", start, name="start"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", ChangePasswordView.as_view(), name="password_change"),
    path("", include("agencies.two_factor_urls")),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="accessibility.html"),
        name="accessibility",
    ),
    path("", include("agencies.urls")),
    path("", include("actionplans.urls")),
    path("manage/", include("assure.manage_urls")),
    path("", include("reporting.urls")),
    path("admin/", admin.site.urls),
]
