from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.person_list_view, name="list"),
    path("downloaden/", views.person_export_view, name="export"),
    path("nieuw/", views.person_create_view, name="create"),
    path("<uuid:person_id>/", views.person_detail_view, name="detail"),
]
