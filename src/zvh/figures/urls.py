"""The house's figures under /cijfers/ (docs/decisions/0165)."""

from django.urls import path

from . import views

app_name = "figures"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("lijst/", views.list_view, name="list"),
    path("mijn-caseload/", views.caseload_view, name="caseload"),
    path("instellingen/", views.settings_view, name="settings"),
    path("<slug:group>/", views.group_view, name="group"),
]
