from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list_view, name="list"),
    path("nieuw/", views.report_create_view, name="create"),
    path("<uuid:report_id>/", views.report_detail_view, name="detail"),
    path("<uuid:report_id>/pdf/", views.report_pdf_view, name="pdf"),
    path("<uuid:report_id>/toelichting/", views.report_edit_view, name="edit"),
    path("<uuid:report_id>/vaststellen/", views.report_finalise_view, name="finalise"),
]
