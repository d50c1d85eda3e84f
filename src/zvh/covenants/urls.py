from django.urls import path

from . import views

app_name = "covenants"

urlpatterns = [
    path("", views.covenant_list_view, name="list"),
    path("nieuw/", views.covenant_create_view, name="create"),
    path("<uuid:covenant_id>/", views.covenant_edit_view, name="edit"),
    path("<uuid:covenant_id>/document/", views.covenant_document_view, name="document"),
]
