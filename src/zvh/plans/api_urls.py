from django.urls import path

from . import api

app_name = "plans-api"

urlpatterns = [
    path("cases/<uuid:case_id>/plan/", api.PlanApi.as_view(), name="plan"),
    path(
        "cases/<uuid:case_id>/plan/agreements/",
        api.AgreementCreateApi.as_view(),
        name="agreement-create",
    ),
    path(
        "cases/<uuid:case_id>/plan/agreements/<uuid:agreement_id>/",
        api.AgreementUpdateApi.as_view(),
        name="agreement-update",
    ),
    path(
        "cases/<uuid:case_id>/plan/agreements/<uuid:agreement_id>/status/",
        api.AgreementStatusApi.as_view(),
        name="agreement-status",
    ),
]
