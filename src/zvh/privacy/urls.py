from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("afwijkingen/", views.anomaly_report_view, name="anomalies"),
    path("verwerkingsregister/", views.register_view, name="register"),
    path("verwerkingsregister/download/", views.register_csv_view, name="register-csv"),
]
