"""The chain manager's retention terms under /beheer/bewaartermijnen/ (namespace `retention`)."""

from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("", views.terms_view, name="terms"),
    path("bevestigen/", views.terms_edit_view, name="edit"),
]
