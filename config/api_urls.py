"""Every URL of API v1, assembled here in the project's composition root (decision 0192; it sits
above every app, so the API plumbing app below the domain apps imports none of them, decision
0194): the endpoint tables, each under its namespace, with their doors entered in the door table."""

from django.urls import include, path

from zvh.api import directory
from zvh.api.endpoints import register_endpoints
from zvh.cases import api as cases_api
from zvh.conferences import api as conferences_api
from zvh.escalation import api as escalation_api
from zvh.figures import api as figures_api
from zvh.intake import api as intake_api
from zvh.plans import api as plans_api
from zvh.stepdown import api as stepdown_api

# namespace -> its endpoints
TABLES = {
    "api": directory.ENDPOINTS,
    "intake-api": intake_api.ENDPOINTS,
    # Escalation and step-down left the case core (decision 0196); their URL names did not.
    "cases-api": cases_api.ENDPOINTS + stepdown_api.ENDPOINTS + escalation_api.ENDPOINTS,
    "plans-api": plans_api.ENDPOINTS,
    "conferences-api": conferences_api.ENDPOINTS,
    "figures-api": figures_api.ENDPOINTS,
}

urlpatterns = [
    path("", include((register_endpoints(namespace, endpoints), namespace)))
    for namespace, endpoints in TABLES.items()
]
