"""The URL names the suites walk: every named pattern the resolver knows, outside the admin."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

IGNORED_NAMESPACES = {"admin"}
# The project's URLs with single sign-on switched on: config.urls routes the OIDC endpoints only
# when ZVH_OIDC_ENABLED, and their doors must be in the table all the same.
WITH_SINGLE_SIGN_ON = "tests.accounts.urls_oidc"


def url_views(
    resolver: URLResolver | None = None, prefix: str = ""
) -> Iterator[tuple[str, Callable[..., Any]]]:
    """(URL name as the resolver names it, "namespace:name"; its view) for every pattern. A
    pattern without a name fails: a URL nobody can name has no row and no door."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace
            if namespace in IGNORED_NAMESPACES:
                continue
            yield from url_views(entry, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                raise AssertionError(f"URL pattern {entry.pattern} has no name")
            yield prefix + entry.name, entry.callback


def url_names(resolver: URLResolver | None = None) -> set[str]:
    return {name for name, _view in url_views(resolver)}
