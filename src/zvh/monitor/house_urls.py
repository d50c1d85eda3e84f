"""The house's side of the national monitor under /monitor/: profile, yearly questionnaire,
the house beside all houses."""

from django.urls import path  # noqa: F401

app_name = "monitor"

urlpatterns: list = []
