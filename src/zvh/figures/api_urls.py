from django.urls import path

from . import api

app_name = "figures-api"

urlpatterns = [
    path("figures/", api.FigureGroupListApi.as_view(), name="index"),
    path("figures/<slug:group>/", api.FigureGroupApi.as_view(), name="group"),
]
