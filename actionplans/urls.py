from django.urls import path

from .views import actions, glossary, plans, progress, recommendations, reminders, rounds, signoff

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
    path("rounds/", rounds.round_list, name="round_list"),
    path("plans/<int:plan_pk>/rounds/new/", rounds.round_open_view, name="round_open"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/remind/", rounds.round_remind, name="round_remind"),
    path("rounds/<int:pk>/close/", rounds.round_close_view, name="round_close"),
    path("assurance/", signoff.assurance_list, name="assurance_list"),
    path("updates/<int:pk>/accept/", signoff.completion_accept_view, name="completion_accept"),
    path("updates/<int:pk>/return/", signoff.completion_return_view, name="completion_return"),
    path("emails/", reminders.reminder_list, name="reminder_list"),
    path("emails/<int:pk>/", reminders.reminder_detail, name="reminder_detail"),
]
