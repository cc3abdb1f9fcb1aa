from django.urls import path, re_path

from . import views, views_dashboard

app_name = "reporting"

FORMAT = r"(?P<fmt>pdf|xlsx|csv)"

urlpatterns = [
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("plans/<int:plan_pk>/versions/", views.version_list, name="version_list"),
    path("plans/<int:plan_pk>/versions/new/", views.version_create, name="version_create"),
    path("plans/<int:plan_pk>/changes/", views.changes_since, name="changes_since"),
    re_path(rf"^plans/(?P<plan_pk>\d+)/paper\.{FORMAT}$", views.plan_download, name="plan_paper"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/freezing/<int:pk>/", views.version_freeze_progress, name="version_freeze_progress"),
    path("versions/<int:pk>/cover-report/", views.cover_report_edit, name="cover_report_edit"),
    re_path(rf"^versions/(?P<pk>\d+)/paper\.{FORMAT}$", views.version_download, name="version_paper"),
    path("papers/<int:pk>/", views.paper_file_detail, name="paper_file"),
    path("papers/<int:pk>/file/", views.paper_file_download, name="paper_file_download"),
]
