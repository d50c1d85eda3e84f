"""The URLs of the `cases` namespace, composed here above the case core and the apps split out of
it (escalation, step-down and review, transfer; decision 0196), with the case page."""

from django.urls import path

from zvh.cases import views
from zvh.escalation import views as escalation_views
from zvh.stepdown import review_views
from zvh.stepdown import views as stepdown_views
from zvh.transfers import views as transfer_views

from . import case_page

app_name = "cases"

urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("zoeken/", views.case_search_view, name="search"),
    path("downloaden/", views.case_export_view, name="export"),
    path("<uuid:case_id>/", case_page.case_detail_view, name="detail"),
    path("<uuid:case_id>/gegevens/", views.case_details_view, name="details"),
    path("<uuid:case_id>/rollen/", views.case_roles_view, name="roles"),
    path("<uuid:case_id>/status/", views.case_status_view, name="status"),
    path("<uuid:case_id>/afsluiten/", stepdown_views.case_close_view, name="close"),
    path("<uuid:case_id>/heropenen/", views.case_reopen_view, name="reopen"),
    path(
        "<uuid:case_id>/justitiele-reactie/",
        views.case_justice_response_view,
        name="justice-response",
    ),
    path("<uuid:case_id>/notities/", case_page.note_add_view, name="note-add"),
    path("<uuid:case_id>/deelnemers/nieuw/", views.participant_add_view, name="participant-add"),
    path(
        "<uuid:case_id>/deelnemers/<uuid:participant_id>/beeindigen/",
        views.participant_end_view,
        name="participant-end",
    ),
    path("<uuid:case_id>/evaluatie/", review_views.case_review_view, name="review"),
    # Closing is one form (decision 0178); the former step-down page sends there.
    path("<uuid:case_id>/afschalen/", stepdown_views.case_step_down_view, name="step-down"),
    # Escalation: proposed and raised from the case; the addressee's pages stand apart from
    # the case, which an administrator may not open.
    path(
        "<uuid:case_id>/escalaties/nieuw/",
        escalation_views.escalation_propose_view,
        name="escalation-propose",
    ),
    path(
        "<uuid:case_id>/escalaties/<uuid:escalation_id>/opschalen/",
        escalation_views.escalation_raise_view,
        name="escalation-raise",
    ),
    path("escalaties/", escalation_views.escalation_list_view, name="escalation-list"),
    path(
        "escalaties/<uuid:escalation_id>/",
        escalation_views.escalation_detail_view,
        name="escalation-detail",
    ),
    path(
        "escalaties/<uuid:escalation_id>/reactie/",
        escalation_views.escalation_respond_view,
        name="escalation-respond",
    ),
    # Transfer to another house: requested from the case; the transfer pages are shared by the
    # sending and the receiving house, which cannot open the case before it accepts.
    path(
        "<uuid:case_id>/overdragen/", transfer_views.transfer_request_view, name="transfer-request"
    ),
    path("overdrachten/", transfer_views.transfer_list_view, name="transfer-list"),
    path(
        "overdrachten/<uuid:transfer_id>/",
        transfer_views.transfer_detail_view,
        name="transfer-detail",
    ),
    path(
        "overdrachten/<uuid:transfer_id>/accepteren/",
        transfer_views.transfer_accept_view,
        name="transfer-accept",
    ),
    path(
        "overdrachten/<uuid:transfer_id>/weigeren/",
        transfer_views.transfer_refuse_view,
        name="transfer-refuse",
    ),
    path(
        "overdrachten/<uuid:transfer_id>/intrekken/",
        transfer_views.transfer_withdraw_view,
        name="transfer-withdraw",
    ),
]
