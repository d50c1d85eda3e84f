from django.urls import path

from . import outbox_views, saved_filter_views, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("beheer/uitgaande-berichten/", outbox_views.outbox_view, name="outbox"),
    path(
        "beheer/uitgaande-berichten/<uuid:message_id>/opnieuw-versturen/",
        outbox_views.outbox_retry_view,
        name="outbox-retry",
    ),
    path("filters/", saved_filter_views.saved_filter_create_view, name="saved-filter-create"),
    path(
        "filters/<uuid:saved_filter_id>/",
        saved_filter_views.saved_filter_open_view,
        name="saved-filter-open",
    ),
    path(
        "filters/<uuid:saved_filter_id>/verwijderen/",
        saved_filter_views.saved_filter_delete_view,
        name="saved-filter-delete",
    ),
]
