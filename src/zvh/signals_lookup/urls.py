from django.urls import path

from . import views

app_name = "signals"

urlpatterns = [
    path("signals/lookup", views.SignalLookupApi.as_view(), name="lookup"),
]
