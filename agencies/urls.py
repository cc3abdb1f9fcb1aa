from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("partnership/", views.switch_partnership, name="switch_partnership"),
]
