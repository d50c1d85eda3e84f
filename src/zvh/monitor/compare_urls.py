"""The house beside all houses (issue 13, part 4), under /monitor/ (namespace `monitor`)."""

from django.urls import path

from . import compare_views

urlpatterns = [
    path("vergelijken/", compare_views.compare_view, name="compare"),
]
