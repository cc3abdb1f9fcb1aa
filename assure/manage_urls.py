"""The business manager's pages, under /manage/."""

from django.urls import path, re_path

from accounts import manage_urls as accounts_manage_urls
from actionplans.views import manage
from agencies import manage_urls as agencies_manage_urls
from imports import views as imports

app_name = "manage"

urlpatterns = [
    path("", manage.index, name="index"),
    path("inspections/new/", manage.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", manage.inspection_edit, name="inspection_edit"),
    path("inspections/<int:inspection_pk>/judgements/new/", manage.judgement_create, name="judgement_create"),
    path("judgements/<int:pk>/", manage.judgement_edit, name="judgement_edit"),
    path("judgements/<int:pk>/delete/", manage.judgement_delete, name="judgement_delete"),
    path("plans/new/", manage.plan_create, name="plan_create"),
    path("plans/<int:pk>/", manage.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/details/", manage.plan_details_edit, name="plan_details_edit"),
    path("plans/<int:plan_pk>/sections/new/", manage.section_create, name="section_create"),
    path("sections/<int:pk>/", manage.section_edit, name="section_edit"),
    path("sections/<int:section_pk>/recommendations/new/", manage.recommendation_create, name="recommendation_create"),
    path("recommendations/<int:pk>/", manage.recommendation_edit, name="recommendation_edit"),
    path("recommendations/<int:recommendation_pk>/actions/new/", manage.action_create, name="action_create"),
    path("actions/<int:pk>/", manage.action_edit, name="action_edit"),
    path("actions/<int:pk>/move-to/", manage.action_relocate, name="action_relocate"),
    re_path(
        r"^(?P<kind>section|recommendation|action)/(?P<pk>\d+)/move/(?P<direction>up|down)/$", manage.move, name="move"
    ),
    path("actions/<int:action_pk>/sub-actions/new/", manage.sub_action_create, name="sub_action_create"),
    path("sub-actions/<int:pk>/", manage.sub_action_edit, name="sub_action_edit"),
    path("sub-actions/<int:pk>/delete/", manage.sub_action_delete, name="sub_action_delete"),
    path("actions/<int:action_pk>/milestones/new/", manage.milestone_create, name="milestone_create"),
    path("milestones/<int:pk>/", manage.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/delete/", manage.milestone_delete, name="milestone_delete"),
    path("import/", imports.import_start, name="import_start"),
    path("import/<int:pk>/table/", imports.import_table, name="import_table"),
    path("import/<int:pk>/columns/", imports.import_columns, name="import_columns"),
    path("import/<int:pk>/saved-choices/", imports.import_saved_mapping, name="import_saved_mapping"),
    path("import/<int:pk>/preview/", imports.import_preview, name="import_preview"),
    path("import/<int:pk>/", imports.import_result, name="import_result"),
]

# Agencies, officers, forums, glossary terms, users and their roles.
urlpatterns += agencies_manage_urls.urlpatterns
# Who must use two-factor authentication, and resetting a member's.
urlpatterns += accounts_manage_urls.urlpatterns
