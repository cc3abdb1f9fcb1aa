"""The business manager's pages, under /manage/."""

from django.urls import path, re_path

from accounts import manage_urls as accounts_manage_urls
from actionplans.views import glossary, manage
from agencies import manage_urls as agencies_manage_urls
from imports import views as imports

app_name = "manage"

urlpatterns = [
    path("", manage.index, name="index"),
    *manage.INSPECTIONS.urls(),
    *manage.JUDGEMENTS.urls(),
    *manage.PLANS.urls(),
    path("plans/<int:pk>/", manage.plan_edit, name="plan_edit"),
    *manage.SECTIONS.urls(),
    *manage.RECOMMENDATIONS.urls(),
    path("recommendations/<int:recommendation_pk>/actions/new/", manage.action_create, name="action_create"),
    path("actions/<int:pk>/", manage.action_edit, name="action_edit"),
    path("actions/<int:pk>/move-to/", manage.action_relocate, name="action_relocate"),
    re_path(
        r"^(?P<kind>section|recommendation|action)/(?P<pk>\d+)/move/(?P<direction>up|down)/$", manage.move, name="move"
    ),
    *manage.SUB_ACTIONS.urls(),
    *manage.MILESTONES.urls(),
    path("glossary/", glossary.glossary_list, name="glossary_list"),
    *glossary.TERMS.urls(),
    path("import/", imports.import_start, name="import_start"),
    path("import/<int:pk>/table/", imports.import_table, name="import_table"),
    path("import/<int:pk>/columns/", imports.import_columns, name="import_columns"),
    path("import/<int:pk>/saved-choices/", imports.import_saved_mapping, name="import_saved_mapping"),
    path("import/<int:pk>/preview/", imports.import_preview, name="import_preview"),
    path("import/<int:pk>/importing/", imports.import_progress, name="import_progress"),
    path("import/<int:pk>/", imports.import_result, name="import_result"),
]

# Agencies, officers, forums, users and their roles.
urlpatterns += agencies_manage_urls.urlpatterns
# Who must use two-factor authentication, and resetting a member's.
urlpatterns += accounts_manage_urls.urlpatterns
