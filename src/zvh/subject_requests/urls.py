from django.urls import path

from . import views

app_name = "subject_requests"

REQUEST = "<uuid:request_id>/"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("nieuw/", views.person_search_view, name="person-search"),
    path("nieuw/<uuid:person_id>/", views.register_view, name="create"),
    path("goedkeuren/", views.approvals_view, name="approvals"),
    path(REQUEST, views.detail_view, name="detail"),
    path(f"{REQUEST}status/", views.status_view, name="status"),
    path(f"{REQUEST}verlengen/", views.extend_view, name="extend"),
    path(f"{REQUEST}inzage/", views.preview_view, name="preview"),
    path(f"{REQUEST}inzage/achterhouden/", views.withhold_view, name="withhold"),
    path(
        f"{REQUEST}inzage/achterhouden/<int:withholding_id>/opheffen/",
        views.withholding_lift_view,
        name="withholding-lift",
    ),
    path(f"{REQUEST}inzage/downloaden/", views.export_view, name="export"),
    path(f"{REQUEST}correctie/", views.correction_view, name="correction"),
    path(f"{REQUEST}identiteit/", views.identity_view, name="identity"),
    path(f"{REQUEST}goedkeuren/", views.approve_view, name="approve"),
]
