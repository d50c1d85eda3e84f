"""The functional administrator's case configuration under /beheer/casussen/ (namespace
`case-config`)."""

from django.urls import path

from . import config_views as views

app_name = "case-config"

urlpatterns = [
    path("", views.config_view, name="index"),
    path("instellingen/", views.settings_view, name="settings"),
    path("themas/nieuw/", views.theme_create_view, name="theme-create"),
    path("themas/<uuid:theme_id>/", views.theme_edit_view, name="theme-edit"),
    path("themas/<uuid:theme_id>/uitzetten/", views.theme_deactivate_view, name="theme-deactivate"),
    path("themas/<uuid:theme_id>/aanzetten/", views.theme_activate_view, name="theme-activate"),
    path("afschalingscriteria/nieuw/", views.criterion_create_view, name="criterion-create"),
    path(
        "afschalingscriteria/<uuid:criterion_id>/",
        views.criterion_edit_view,
        name="criterion-edit",
    ),
    path(
        "afschalingscriteria/<uuid:criterion_id>/uitzetten/",
        views.criterion_deactivate_view,
        name="criterion-deactivate",
    ),
    path(
        "afschalingscriteria/<uuid:criterion_id>/aanzetten/",
        views.criterion_activate_view,
        name="criterion-activate",
    ),
]
