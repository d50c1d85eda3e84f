"""Figures of the group "throughput" (definitions: docs/decisions/0161-figure-definitions.md)."""

from collections.abc import Callable

from zvh.figures.scope import FigureScope
from zvh.figures.table import FigureTable

FIGURES: tuple[Callable[[FigureScope], FigureTable], ...] = ()
