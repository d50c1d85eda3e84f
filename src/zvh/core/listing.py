"""What the work lists (referrals, cases, conferences, persons; decision 0180) share: the
columns they sort on, the filter form's period and sort fields, and the filters a list was
asked for. Each app's `listing` module says which filters and columns its list has; the
selectors apply them to the access policy's queryset, so a filter can only narrow what the
actor may see."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .forms import DATE_ERRORS, DATE_FORMATS, DATE_WIDGET

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Promise
else:
    from django.utils.functional import Promise

# The query parameters a list page reads besides its filters.
SORT = "sort"
EXPORT_FORMAT = "formaat"


@dataclass(frozen=True)
class SortColumn:
    key: str  # in the URL: ?sort=number (ascending) or ?sort=-number (descending)
    field: str  # the model field or lookup path
    label: Promise


@dataclass(frozen=True)
class Sorting:
    columns: tuple[SortColumn, ...]
    default: str  # a key with its direction, e.g. "-received"

    def choices(self) -> list[tuple[str, str]]:
        return [
            choice
            for column in self.columns
            for choice in (
                (column.key, gettext("%(column)s, oplopend") % {"column": column.label}),
                (f"-{column.key}", gettext("%(column)s, aflopend") % {"column": column.label}),
            )
        ]

    def order(self, value: str) -> tuple[str, str]:
        """The keyset order for a sort key: the column, then the id, in one direction."""
        key = value or self.default
        descending = key.startswith("-")
        column = next(c for c in self.columns if c.key == key.lstrip("-"))
        sign = "-" if descending else ""
        return f"{sign}{column.field}", f"{sign}id"


@dataclass(frozen=True)
class ListFilters:
    """The filters a list was asked for; each list reads the ones it has. Empty means: all."""

    status: str = ""
    kind: str = ""
    coordinator_id: int | None = None  # a user
    theme_id: uuid.UUID | None = None
    municipality_id: uuid.UUID | None = None
    organisation_id: uuid.UUID | None = None
    overdue: bool = False
    start: datetime.date | None = None
    end: datetime.date | None = None
    name: str = ""
    sort: str = ""

    @classmethod
    def from_form(cls, data: dict[str, Any]) -> ListFilters:
        def pk(name: str) -> Any:
            value = data.get(name)
            return value.pk if value is not None else None

        return cls(
            status=data.get("status") or "",
            kind=data.get("kind") or "",
            coordinator_id=pk("coordinator"),
            theme_id=pk("theme"),
            municipality_id=pk("municipality"),
            organisation_id=pk("organisation"),
            overdue=bool(data.get("overdue")),
            start=data.get("start"),
            end=data.get("end"),
            name=(data.get("name") or "").strip(),
            sort=data.get("sort") or "",
        )

    def detail(self) -> dict[str, str]:
        """The filters that are set, for the access log: never the name searched for."""
        return {key: str(value) for key, value in asdict(self).items() if value and key != "name"}


def _date(label: Promise) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
    )


class ListFilterForm(forms.Form):
    """A list's filters: the subclass adds its own fields before the period and the sort.
    `unsaved` names the fields a saved filter leaves out (free text such as a name)."""

    sorting: ClassVar[Sorting]
    period_label: ClassVar[Promise] = _("Periode")
    unsaved: ClassVar[tuple[str, ...]] = ()

    start = _date(_("Vanaf"))
    end = _date(_("Tot en met"))
    sort = forms.ChoiceField(
        label=_("Sorteren op"),
        required=False,
        error_messages={"invalid_choice": _("Kies een van de sorteringen uit de lijst.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields([name for name in self.fields if name not in ("start", "end", "sort")])
        self.fields["start"].label = gettext("%(period)s vanaf") % {"period": self.period_label}
        self.fields["end"].label = gettext("%(period)s tot en met") % {"period": self.period_label}
        sort = cast(forms.ChoiceField, self.fields["sort"])
        sort.choices = self.sorting.choices()
        sort.initial = self.sorting.default

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("De einddatum ligt vóór de begindatum."))
        return data

    def filters(self) -> ListFilters:
        return ListFilters.from_form(self.cleaned_data)

    def saved_query(self) -> str:
        """The query of a valid form as a saved filter keeps it: its set fields, in the form's
        order, without the free text of `unsaved`."""
        query = QueryDict(mutable=True)
        for name in self.fields:
            value = self.data.get(name)
            if value and name not in self.unsaved:
                query[name] = value
        return query.urlencode()


def model_choice(
    label: Promise, empty: Promise, invalid: Promise, queryset: Any
) -> forms.ModelChoiceField:
    """A filter on one related record; the view passes the choices the actor may see."""
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        empty_label=empty,
        error_messages={"invalid_choice": invalid},
    )


def status_choice(label: Promise, choices: Sequence[tuple[str, Any]]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        error_messages={"invalid_choice": _("Kies een status uit de lijst.")},
    )


def list_context(
    sorting: Sorting, filters: ListFilters | None, *, saved_list: str
) -> dict[str, Any]:
    """What a list page's template needs besides the page: the sort columns for its headers,
    the current sort, and the list's key for saving its filters."""
    return {
        "sorting": sorting,
        "current_sort": (filters.sort if filters else "") or sorting.default,
        "saved_list": saved_list,
    }
