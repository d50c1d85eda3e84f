"""Every URL of API v1, assembled here (top composition, decision 0192): the endpoint tables,
each under its namespace, with their doors entered in the door table."""

from django.urls import include, path

from zvh.conferences import api as conferences_api

from . import directory
from .endpoints import register_endpoints

urlpatterns = [
    path("", include((register_endpoints("api", directory.ENDPOINTS), "api"))),
    path("", include("zvh.intake.api_urls")),
    path("", include("zvh.cases.api_urls")),
    path("", include("zvh.plans.api_urls")),
    path("", include("zvh.figures.api_urls")),
    path(
        "",
        include(
            (register_endpoints("conferences-api", conferences_api.ENDPOINTS), "conferences-api")
        ),
    ),
]
