from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.house_view, name="house"),
    path("organisaties/", views.organisation_list_view, name="organisation-list"),
    path("organisaties/nieuw/", views.organisation_create_view, name="organisation-create"),
    path("organisaties/partner-toevoegen/", views.partner_add_view, name="partner-add"),
    path(
        "organisaties/<uuid:organisation_id>/",
        views.organisation_edit_view,
        name="organisation-edit",
    ),
    path(
        "organisaties/<uuid:organisation_id>/partnerschap-beeindigen/",
        views.partnership_end_view,
        name="partnership-end",
    ),
    path("gemeenten/", views.municipality_list_view, name="municipality-list"),
    path("gemeenten/nieuw/", views.municipality_add_view, name="municipality-add"),
    path(
        "gemeenten/<uuid:municipality_id>/",
        views.municipality_edit_view,
        name="municipality-edit",
    ),
    path(
        "gemeenten/<uuid:municipality_id>/uit-huis-halen/",
        views.municipality_remove_view,
        name="municipality-remove",
    ),
    path("gebruikers/", views.user_list_view, name="user-list"),
    path("gebruikers/nieuw/", views.user_create_view, name="user-create"),
    path("gebruikers/<int:user_id>/", views.user_edit_view, name="user-edit"),
    path(
        "gebruikers/<int:user_id>/wachtwoord/",
        views.user_password_view,
        name="user-password",
    ),
    path(
        "gebruikers/<int:user_id>/deactiveren/",
        views.user_deactivate_view,
        name="user-deactivate",
    ),
    path(
        "gebruikers/<int:user_id>/activeren/",
        views.user_reactivate_view,
        name="user-reactivate",
    ),
    path("rolvoorstellen/", views.role_grant_list_view, name="role-grant-list"),
    path(
        "rolvoorstellen/<uuid:grant_id>/beslissen/",
        views.role_grant_decide_view,
        name="role-grant-decide",
    ),
    path("importeren/", views.import_view, name="import"),
]
