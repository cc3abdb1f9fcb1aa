from django.urls import path

from .views import actions, glossary, plans, progress, recommendations

app_name = "actionplans"

urlpatterns = [
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("actions/", actions.action_list, name="action_list"),
    path("recommendations/", recommendations.recommendation_list, name="recommendation_list"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path(
        "actions/<int:pk>/update/",
        progress.progress_update_create_view,
        name="progress_update_create",
    ),
    path("updates/<int:pk>/accept-target/", progress.accept_target_view, name="accept_target"),
    path("evidence/<int:pk>/", progress.evidence_download, name="evidence_download"),
    path("glossary/", glossary.glossary, name="glossary"),
]
