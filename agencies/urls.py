from django.urls import path

from . import invitation_views, views

app_name = "agencies"

urlpatterns = [
    path("partnership/", views.switch_partnership, name="switch_partnership"),
    path("invitations/<str:token>/", invitation_views.invitation_accept, name="invitation_accept"),
]
