from django.urls import path

from zvh.api.endpoints import register_endpoints

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
    # The information items' API, from the endpoint table (decision 0192).
    *register_endpoints("sharing", api.ENDPOINTS),
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
