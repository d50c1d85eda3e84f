from django.urls import path

from . import views

app_name = "cofinancing"

urlpatterns = [
    path("", views.calculator_view, name="calculator"),
]
