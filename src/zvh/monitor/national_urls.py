"""The national side under /landelijke-monitor/: importing the house records of a year and
the national tables."""

from django.urls import path  # noqa: F401

app_name = "national_monitor"

urlpatterns: list = []
