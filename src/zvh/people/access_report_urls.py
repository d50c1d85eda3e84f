from django.urls import path

from . import access_report_views as views

app_name = "audit"

urlpatterns = [
    path("", views.access_report_search_view, name="search"),
    path("<uuid:person_id>/", views.access_report_view, name="person"),
]
