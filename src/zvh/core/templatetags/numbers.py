"""`|number`: a count or amount as a reader of the page's language writes it, thousands
separated ("540.500" in Dutch, "540,500" in English). A template builtin (settings TEMPLATES),
so no template needs to load it.

Not a global USE_THOUSAND_SEPARATOR: that would group every integer a template prints, years
("2.026"), version numbers in hidden fields and codes included. Quantities are marked instead."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter(is_safe=True)
def number(value: Any) -> Any:
    """Whole numbers grouped; anything that is not a number is left as it is ("–")."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, decimal_pos=1, force_grouping=True)
    return number_format(int(value), decimal_pos=0, force_grouping=True)
