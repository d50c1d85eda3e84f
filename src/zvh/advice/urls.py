from django.urls import path

from . import views

app_name = "advice"

urlpatterns = [
    path("", views.advice_list_view, name="list"),
    path("export/", views.advice_export_view, name="export"),
    path("nieuw/", views.advice_create_view, name="create"),
    path("<uuid:advice_id>/", views.advice_detail_view, name="detail"),
    path("<uuid:advice_id>/wijzigen/", views.advice_edit_view, name="edit"),
]
