"""Triage under /triage/ (namespace `triage`); the functional administrator's configuration
under /beheer/triage/ (namespace `triage-config`, see `configuration`)."""

from django.urls import path

from . import views

app_name = "triage"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("sessies/", views.session_list_view, name="sessions"),
    path("sessies/nieuw/", views.session_create_view, name="session-create"),
    path("sessies/<uuid:session_id>/", views.session_detail_view, name="session"),
    path(
        "sessies/<uuid:session_id>/deelnemers/",
        views.session_participants_view,
        name="session-participants",
    ),
    path(
        "sessies/<uuid:session_id>/agenda-opbouwen/",
        views.agenda_build_view,
        name="agenda-build",
    ),
    path("sessies/<uuid:session_id>/afsluiten/", views.session_close_view, name="session-close"),
    path("aanmeldingen/<uuid:referral_id>/besluit/", views.decision_view, name="decide"),
    path("aanmeldingen/<uuid:referral_id>/agenda/", views.agenda_add_view, name="agenda-add"),
]

configuration = (
    [
        path("", views.config_view, name="index"),
        path("instellingen/", views.settings_view, name="settings"),
        path("criteria/nieuw/", views.criterion_create_view, name="criterion-create"),
        path("criteria/<uuid:criterion_id>/", views.criterion_edit_view, name="criterion-edit"),
        path(
            "criteria/<uuid:criterion_id>/uitzetten/",
            views.criterion_deactivate_view,
            name="criterion-deactivate",
        ),
        path(
            "criteria/<uuid:criterion_id>/aanzetten/",
            views.criterion_activate_view,
            name="criterion-activate",
        ),
        path("weegtafels/nieuw/", views.table_create_view, name="table-create"),
        path("weegtafels/<uuid:table_id>/", views.table_edit_view, name="table-edit"),
    ],
    "triage-config",
)
