"""The business manager's pages for the people and vocabulary of a partnership (included under
/manage/ by assure/manage_urls.py, in the "manage" namespace)."""

from django.urls import path

from . import manage

urlpatterns = [
    path("agencies/", manage.agency_list, name="agency_list"),
    path("agencies/new/", manage.agency_create, name="agency_create"),
    path("agencies/<int:pk>/", manage.agency_edit, name="agency_edit"),
    path("officers/", manage.officer_list, name="officer_list"),
    path("officers/new/", manage.officer_create, name="officer_create"),
    path("officers/<int:pk>/", manage.officer_edit, name="officer_edit"),
    path("forums/", manage.forum_list, name="forum_list"),
    path("forums/new/", manage.forum_create, name="forum_create"),
    path("forums/<int:pk>/", manage.forum_edit, name="forum_edit"),
    path("glossary/", manage.glossary_list, name="glossary_list"),
    path("glossary/new/", manage.glossary_create, name="glossary_create"),
    path("glossary/<int:pk>/", manage.glossary_edit, name="glossary_edit"),
    path("glossary/<int:pk>/delete/", manage.glossary_delete, name="glossary_delete"),
    path("members/", manage.member_list, name="member_list"),
    path("members/new/", manage.member_create, name="member_create"),
    path("members/<int:pk>/", manage.member_edit, name="member_edit"),
    path("members/<int:pk>/remove/", manage.member_remove, name="member_remove"),
    path("invitations/<int:pk>/resend/", manage.invitation_resend, name="invitation_resend"),
    path("invitations/<int:pk>/withdraw/", manage.invitation_withdraw, name="invitation_withdraw"),
]
