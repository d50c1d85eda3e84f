"""Sections that apps higher up add to a lower app's page (decision 0195).

A page such as the case page or the referral page shows data of apps above its own (conferences
on the case page, the triage outcome on the referral page). The lower app must not import them,
so it keeps a `PageSections` and each higher app registers, in its AppConfig.ready(), a function
that reads its part through its own selectors and returns the context entries it adds."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Provider = Callable[..., Mapping[str, Any]]


class PageSections:
    def __init__(self) -> None:
        self._providers: dict[str, Provider] = {}

    def register(self, app_label: str, provide: Provider) -> None:
        """`provide(**page_arguments)` returns the entries `app_label` adds to the context."""
        self._providers[app_label] = provide

    def context(self, **page_arguments: Any) -> dict[str, Any]:
        entries: dict[str, Any] = {}
        for provide in self._providers.values():
            entries.update(provide(**page_arguments))
        return entries
