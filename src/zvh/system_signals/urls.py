from django.urls import path

from . import views

app_name = "system_signals"

urlpatterns = [
    path("", views.signal_list_view, name="list"),
    path("export/", views.signal_export_view, name="export"),
    path("nieuw/", views.signal_create_view, name="create"),
    path("<uuid:signal_id>/", views.signal_detail_view, name="detail"),
    path("<uuid:signal_id>/wijzigen/", views.signal_edit_view, name="edit"),
    path("<uuid:signal_id>/bewijs/", views.signal_evidence_view, name="evidence"),
    path("<uuid:signal_id>/behandelen/", views.signal_handle_view, name="handle"),
]
