"""Column headers of a sortable list (decision 0180): a link that sorts on the column, and
`aria-sort` on the column the list is sorted on. A column the list cannot sort on, or a table
outside a list page (the search results), gets a plain header."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from zvh.core.listing import SORT, Sorting

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context: template.Context, key: str, label: Any) -> SafeString:
    sorting: Sorting | None = context.get("sorting")
    if sorting is None or key not in {column.key for column in sorting.columns}:
        return format_html('<th scope="col">{}</th>', label)
    current = context.get("current_sort") or sorting.default
    query = QueryDict(context.get("query", ""), mutable=True)
    if current == key:
        aria, query[SORT], hint = "ascending", f"-{key}", gettext("sorteer aflopend")
    elif current == f"-{key}":
        aria, query[SORT], hint = "descending", key, gettext("sorteer oplopend")
    else:
        aria, query[SORT], hint = "", key, gettext("sorteer oplopend")
    return format_html(
        '<th scope="col"{}><a href="?{}">{}<span class="visually-hidden"> ({})</span></a></th>',
        format_html(' aria-sort="{}"', aria) if aria else "",
        query.urlencode(),
        label,
        hint,
    )
