"""URL configuration."""

from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Assure administration"
admin.site.site_title = "Assure administration"
admin.site.index_title = "Operator's fallback: partnerships, plans and people"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
]
