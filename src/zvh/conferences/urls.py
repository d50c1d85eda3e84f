from django.urls import path

from . import views

app_name = "conferences"

urlpatterns = [
    path("", views.conference_list_view, name="list"),
    path("nieuw/", views.conference_create_view, name="create"),
    path("downloaden/", views.conference_export_view, name="export"),
    path("geheimhoudingsverklaring/", views.declarations_view, name="declarations"),
    path("<uuid:conference_id>/", views.conference_detail_view, name="detail"),
    path("<uuid:conference_id>/wijzigen/", views.conference_edit_view, name="edit"),
    path("<uuid:conference_id>/genodigden/", views.invitees_view, name="invitees"),
    path("<uuid:conference_id>/agenda/", views.agenda_view, name="agenda"),
    path(
        "<uuid:conference_id>/agenda/<uuid:item_id>/",
        views.item_view,
        name="item",
    ),
    path(
        "<uuid:conference_id>/agenda/<uuid:item_id>/verwijderen/",
        views.agenda_remove_view,
        name="item-remove",
    ),
    path(
        "<uuid:conference_id>/agenda/<uuid:item_id>/besluiten/nieuw/",
        views.decision_create_view,
        name="decision-create",
    ),
    path("<uuid:conference_id>/uitnodigen/", views.invitations_send_view, name="send"),
    path("<uuid:conference_id>/verklaring/", views.declaration_accept_view, name="accept"),
    path("<uuid:conference_id>/afronden/", views.conference_close_view, name="close"),
    path("<uuid:conference_id>/annuleren/", views.conference_cancel_view, name="cancel"),
]
