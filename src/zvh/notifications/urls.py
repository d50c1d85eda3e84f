from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("gelezen/", views.mark_read_view, name="mark-read"),
    path("voorkeuren/", views.preferences_view, name="preferences"),
]
