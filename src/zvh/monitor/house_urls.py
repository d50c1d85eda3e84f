"""The house's side of the national monitor under /monitor/: profile, yearly questionnaire,
the house beside all houses."""

from django.urls import include, path

app_name = "monitor"

urlpatterns: list = [
    path("", include("zvh.monitor.compare_urls")),
]
