from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("persons/", views.PersonListApi.as_view(), name="person-list"),
    path("persons/<uuid:person_id>/", views.PersonDetailApi.as_view(), name="person-detail"),
    path("organisations/", views.OrganisationListApi.as_view(), name="organisation-list"),
    path("municipalities/", views.MunicipalityListApi.as_view(), name="municipality-list"),
]
