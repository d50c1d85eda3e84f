"""The national side under /landelijke-monitor/: importing the house records of a year and
the national tables."""

from django.urls import path

from . import national_views as views

app_name = "national_monitor"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("importeren/", views.import_view, name="import"),
    path("trends/", views.trends_view, name="trends"),
    path("<int:year>/", views.year_view, name="year"),
    path("<int:year>/records/", views.records_view, name="records"),
    path("<int:year>/records.json", views.records_export_view, name="records-export"),
    path("<int:year>/records/<str:house_code>/", views.record_view, name="record"),
    path("<int:year>/export/<slug:which>.<slug:fmt>", views.export_view, name="export"),
]
