"""Shapes of screens that several registers share (the advice and system-signal registers,
decision 0172), so that each app's view says only what is its own.

- A filtered list: a GET filter form, keyset pages (`?na=` is the cursor), and a CSV download
  of what the same filters select. Invalid filters select nothing rather than everything: the
  page says what is wrong, with status 400.
- Editing a versioned record: GET shows the form with the stored values; POST makes one
  service call; a stale version is a 409 with the current values beside the user's input.

No access rules and no audit here: the selectors and services the views pass in do both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .concurrency import StaleObjectError, VersionedModel, stale_form
from .csv_export import csv_download
from .forms import add_service_errors
from .keyset import Page
from .listing import EXPORT_FORMAT
from .xlsx_export import xlsx_download

CURSOR = "na"

F = TypeVar("F")
R = TypeVar("R")


def list_filters(form: forms.Form, build: Callable[[dict[str, Any]], F], default: F) -> F | None:
    """The filters of a bound, valid form; `default` for an unbound one (no query: the first
    page of everything); None for invalid input (select nothing)."""
    if not form.is_bound:
        return default
    if form.is_valid():
        return build(form.cleaned_data)
    return None


def filtered_list_response(
    request: HttpRequest,
    *,
    template: str,
    form: forms.Form,
    filters: F | None,
    page: Callable[[F, str | None], Page[Any]],
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The list page: `page(filters, cursor)` for valid filters, the form's errors (400)
    otherwise. `query` in the template is the request's query without the cursor."""
    query = request.GET.copy()
    query.pop(CURSOR, None)
    return render(
        request,
        template,
        {
            **(context or {}),
            "form": form,
            "page": None if filters is None else page(filters, request.GET.get(CURSOR)),
            "query": query.urlencode(),
        },
        status=200 if filters is not None else 400,
    )


def filtered_export_response(
    request: HttpRequest,
    *,
    template: str,
    form: forms.Form,
    filters: F | None,
    rows: Callable[[F], Iterable[R]],
    filename: str,
    header: Sequence[object],
    cells: Callable[[R], Sequence[object]],
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The CSV (or with `?formaat=xlsx` the XLSX) of what the list's filters select; for
    invalid filters the list page with the form's errors (400) and no download. `filename`
    ends in ".csv"."""
    if filters is None:
        return render(
            request,
            template,
            {**(context or {}), "form": form, "page": None, "query": ""},
            status=400,
        )
    lines = (cells(row) for row in rows(filters))
    if request.GET.get(EXPORT_FORMAT) == "xlsx":
        stem = filename.removesuffix(".csv")
        return xlsx_download(filename=f"{stem}.xlsx", sheet_title=stem, header=header, rows=lines)
    return csv_download(filename=filename, header=header, rows=lines)


def versioned_form_response(
    request: HttpRequest,
    *,
    obj: VersionedModel,
    name: str,
    form_class: type[forms.Form],
    initial: dict[str, Any],
    save: Callable[[dict[str, Any], int], object],
    reload: Callable[[], VersionedModel],
    template: str,
    success: str,
    success_url: str,
    context: dict[str, Any] | None = None,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET: the form with the stored values; POST: `save(data, version)` (one service call),
    then back to `success_url` with `success`; a service's errors on the form (400); a stale
    version (409) shows the current record (`current`) beside the user's input. The record is
    in the template as `name`."""
    kwargs = form_kwargs or {}
    context = {**(context or {}), name: obj}
    if request.method != "POST":
        return render(request, template, {**context, "form": form_class(initial=initial, **kwargs)})
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            save(data, data.pop("version"))
        except ValidationError as error:
            add_service_errors(form, error)
        except StaleObjectError:
            current = reload()
            form = stale_form(form_class, request.POST, current_version=current.version, **kwargs)
            return render(
                request,
                template,
                {**context, name: current, "current": current, "form": form},
                status=409,
            )
        else:
            messages.success(request, success)
            return redirect(success_url)
    return render(request, template, {**context, "form": form}, status=400)
