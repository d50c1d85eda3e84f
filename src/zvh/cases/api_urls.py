from django.urls import path

from . import api

app_name = "cases-api"

urlpatterns = [
    path("cases/", api.CaseListApi.as_view(), name="case-list"),
    path("cases/<uuid:case_id>/", api.CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<uuid:case_id>/reviews/", api.ReviewCreateApi.as_view(), name="review-create"),
    path(
        "cases/<uuid:case_id>/step-down/proposal/",
        api.StepDownProposalApi.as_view(),
        name="step-down-propose",
    ),
    path("cases/<uuid:case_id>/step-down/", api.StepDownApi.as_view(), name="step-down"),
    path("cases/<uuid:case_id>/close/", api.CloseApi.as_view(), name="close"),
    path(
        "cases/<uuid:case_id>/escalations/",
        api.EscalationProposeApi.as_view(),
        name="escalation-propose",
    ),
    path(
        "cases/<uuid:case_id>/escalations/<uuid:escalation_id>/raise/",
        api.EscalationRaiseApi.as_view(),
        name="escalation-raise",
    ),
    path(
        "escalations/<uuid:escalation_id>/",
        api.EscalationDetailApi.as_view(),
        name="escalation-detail",
    ),
    path(
        "escalations/<uuid:escalation_id>/response/",
        api.EscalationRespondApi.as_view(),
        name="escalation-respond",
    ),
]
