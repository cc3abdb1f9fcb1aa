"""The business manager's pages for the people of a partnership (included under /manage/ by
assure/manage_urls.py, in the "manage" namespace)."""

from django.urls import path

from . import manage

urlpatterns = [
    path("agencies/", manage.agency_list, name="agency_list"),
    *manage.AGENCIES.urls(),
    path("officers/", manage.officer_list, name="officer_list"),
    *manage.OFFICERS.urls(),
    path("forums/", manage.forum_list, name="forum_list"),
    *manage.FORUMS.urls(),
    path("members/", manage.member_list, name="member_list"),
    path("members/new/", manage.member_create, name="member_create"),
    path("members/<int:pk>/", manage.member_edit, name="member_edit"),
    path("members/<int:pk>/remove/", manage.member_remove, name="member_remove"),
    path("invitations/<int:pk>/resend/", manage.invitation_resend, name="invitation_resend"),
    path("invitations/<int:pk>/withdraw/", manage.invitation_withdraw, name="invitation_withdraw"),
]
