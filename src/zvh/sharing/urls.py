from django.urls import path

from . import api, views

app_name = "sharing"

CASE = "casussen/<uuid:case_id>/"

urlpatterns = [
    path(
        f"{CASE}items/<uuid:item_id>/bijlage/", views.item_attachment_view, name="item-attachment"
    ),
    path(f"{CASE}items/<uuid:item_id>/vrijgeven/", views.item_release_view, name="item-release"),
    path(f"{CASE}toestemming/", views.consent_view, name="consents"),
    path(
        f"{CASE}toestemming/<uuid:consent_id>/intrekken/",
        views.consent_withdraw_view,
        name="consent-withdraw",
    ),
    path("api/v1/cases/<uuid:case_id>/items/", api.CaseItemsApi.as_view(), name="api-items"),
    # The house's configuration: the functional administrator.
    path("beheer/delen/", views.config_view, name="config"),
    path(
        "beheer/delen/grondslagen/nieuw/", views.legal_basis_create_view, name="legal-basis-create"
    ),
    path(
        "beheer/delen/grondslagen/<uuid:legal_basis_id>/",
        views.legal_basis_edit_view,
        name="legal-basis-edit",
    ),
]
