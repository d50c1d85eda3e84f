"""The plan of one case, under /casussen/<case_id>/plan/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_view, name="plan"),
    path("doelen/", views.goals_view, name="goals"),
    path("vaststellen/", views.plan_set_view, name="set"),
    path("versies/<int:number>/", views.version_view, name="version"),
    path("pdf/", views.export_view, name="export"),
    path("afspraken/nieuw/", views.agreement_create_view, name="agreement-create"),
    path(
        "afspraken/<uuid:agreement_id>/wijzigen/",
        views.agreement_edit_view,
        name="agreement-edit",
    ),
    path(
        "afspraken/<uuid:agreement_id>/afronden/",
        views.agreement_complete_view,
        name="agreement-complete",
    ),
    path(
        "afspraken/<uuid:agreement_id>/niet-geleverd/",
        views.agreement_not_delivered_view,
        name="agreement-not-delivered",
    ),
    path(
        "afspraken/<uuid:agreement_id>/laten-vervallen/",
        views.agreement_cancel_view,
        name="agreement-cancel",
    ),
]
