from django.urls import path

from . import views

app_name = "jzv"

urlpatterns = [
    path("meldingen", views.MeldingenView.as_view(), name="meldingen"),
    path("meldingen/<str:registratienummer>", views.MeldingView.as_view(), name="melding"),
    path("uitkomstmeldingen", views.UitkomstMeldingenView.as_view(), name="uitkomstmeldingen"),
    path(
        "uitkomstmeldingen/<str:registratienummer>",
        views.UitkomstMeldingView.as_view(),
        name="uitkomstmelding",
    ),
]
