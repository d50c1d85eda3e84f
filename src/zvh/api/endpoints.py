"""The API's endpoints as one declarative table (decision 0192).

Each `Endpoint` declares its URL (path and name), the functions that open it, and per method an
`Operation`: the handler that calls the selector or service, the token scope, the serializers
and the schema text. From the table come
- the view class (`Endpoint.view`): the permission chain, the scope per method, the OpenAPI
  text (drf-spectacular's `extend_schema`) on each method;
- the URL pattern (`url_patterns`);
- the door in the one door table (`Endpoint.door`, registered by `register_endpoints`), which
  `HasFunction` and the authorization matrix read.
Handlers stay plain functions `(request, **url_kwargs) -> Response`: parse, ask, serialise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from zvh.authz.doors import Door, door, register_doors
from zvh.authz.functions import Function

from .models import Scope
from .permissions import HasFunction, HasScope, IsAuthenticatedActor, RequiresPerson
from .views import ZvhApiView

Handler = Callable[..., Response]


@dataclass(frozen=True)
class Operation:
    """One method of an endpoint."""

    handler: Handler
    scope: Scope
    operation_id: str
    summary: str
    description: str = ""
    tags: Sequence[str] = ()
    request: type[Serializer] | None = None
    responses: Any = None
    parameters: Sequence[Any] = ()
    # Functions for this method when they differ from the endpoint's (reading a list that
    # fewer may add to).
    functions: frozenset[Function] | None = None
    # This method only is recorded in a person's name (see Endpoint.person_only).
    person_only: bool = False

    def schema(self) -> Callable[[Any], Any]:
        given: dict[str, Any] = {"operation_id": self.operation_id, "summary": self.summary}
        if self.description:
            given["description"] = self.description
        if self.tags:
            given["tags"] = list(self.tags)
        if self.parameters:
            given["parameters"] = list(self.parameters)
        if self.request is not None:
            given["request"] = self.request
        if self.responses is not None:
            given["responses"] = self.responses
        return extend_schema(**given)


@dataclass(frozen=True)
class Endpoint:
    name: str  # the URL's name within its namespace
    path: str
    functions: frozenset[Function]
    operations: Mapping[str, Operation]  # "GET", "POST", ... -> its operation
    # Recorded in a person's name: a token hears 403 `person_required` (RequiresPerson).
    person_only: bool = False
    # Takes a `version` (optimistic locking): the spec lists the 409.
    may_conflict: bool = False
    # The access policy lets only some holders of the functions through (see Door.narrowed).
    narrowed: str = ""
    # Also open to a partner application's token (see Door.applications).
    applications: bool = False
    view_class_name: str = ""
    _view: list[Any] = field(default_factory=list, compare=False, repr=False)

    def door(self) -> Door:
        methods = {
            method: operation.functions
            for method, operation in self.operations.items()
            if operation.functions is not None
        }
        return replace(
            door(
                *sorted(self.functions),
                narrowed=self.narrowed,
                applications=self.applications,
            ),
            methods=MappingProxyType(methods),
        )

    def view(self) -> Callable[..., Any]:
        """The endpoint's view function (built once)."""
        if not self._view:
            self._view.append(_view_class(self).as_view())
        return self._view[0]


# The view every table endpoint gets: the scope is the operation's, per method. (No docstring:
# drf-spectacular would take it as the description of operations that have none.)
class EndpointApiView(ZvhApiView):
    endpoint: Endpoint

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        operations = self.endpoint.operations
        method = "GET" if request.method == "HEAD" else request.method or ""
        # A method the endpoint does not serve: any scope, then DRF's 405.
        operation = operations.get(method) or next(iter(operations.values()))
        self.required_scope = operation.scope
        super().initial(request, *args, **kwargs)

    def get_permissions(self) -> list[Any]:
        permissions = list(super().get_permissions())
        operation = self.endpoint.operations.get(self.request.method or "")
        if operation is not None and operation.person_only and not self.endpoint.person_only:
            # RequiresPerson before HasFunction, as for a person-only endpoint.
            permissions.insert(-1, RequiresPerson())
        return permissions


def _method(operation: Operation) -> Callable[..., Response]:
    def handle(self: EndpointApiView, request: Request, **kwargs: Any) -> Response:
        return operation.handler(request, **kwargs)

    return operation.schema()(handle)


def _view_class(endpoint: Endpoint) -> type[EndpointApiView]:
    attributes: dict[str, Any] = {
        "endpoint": endpoint,
        "may_conflict": endpoint.may_conflict,
        "__module__": getattr(next(iter(endpoint.operations.values())).handler, "__module__", ""),
    }
    if endpoint.person_only:
        # RequiresPerson before HasFunction: a token hears why, instead of a function's 404.
        attributes["permission_classes"] = [
            IsAuthenticatedActor,
            HasScope,
            RequiresPerson,
            HasFunction,
        ]
    for method, operation in endpoint.operations.items():
        attributes[method.lower()] = _method(operation)
    name = endpoint.view_class_name or "".join(
        part.capitalize() for part in endpoint.name.replace("_", "-").split("-")
    )
    return type(name if name.endswith("Api") else f"{name}Api", (EndpointApiView,), attributes)


def url_patterns(endpoints: Iterable[Endpoint]) -> list[URLPattern]:
    return [path(endpoint.path, endpoint.view(), name=endpoint.name) for endpoint in endpoints]


def register_endpoints(namespace: str, endpoints: Iterable[Endpoint]) -> list[URLPattern]:
    """The URL patterns of a namespace's endpoints, with their doors entered in the door
    table (the table is the one source of both)."""
    endpoints = list(endpoints)
    register_doors({f"{namespace}:{endpoint.name}": endpoint.door() for endpoint in endpoints})
    return url_patterns(endpoints)
