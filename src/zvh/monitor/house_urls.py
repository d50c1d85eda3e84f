"""The house's side of the national monitor under /monitor/: profile, yearly questionnaire,
the house beside all houses."""

from django.urls import include, path

from . import views

app_name = "monitor"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("profiel/", views.profile_view, name="profile"),
    path("profiel/wijzigen/", views.profile_edit_view, name="profile_edit"),
    path("jaren/nieuw/", views.year_start_view, name="year_start"),
    path("<int:year>/", views.year_view, name="year"),
    path("<int:year>/indienen/", views.submit_view, name="submit"),
    path("<int:year>/export/", views.export_view, name="export"),
    path("<int:year>/vraag/<slug:key>/", views.answer_edit_view, name="answer_edit"),
    # The house beside all houses (national side, zvh.monitor.compare_urls).
    path("", include("zvh.monitor.compare_urls")),
]
