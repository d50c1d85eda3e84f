"""The demo's steering-group reports (issue 11, part g): for Veiligheidshuis Noord, the last
closed quarter, set ("vastgesteld") with a narrative, and a second version of it still a draft,
so that the steering-group member has a report on the start page and the chain manager sees how
a new version works. Generated through the real service, from the demo's own figures."""

from __future__ import annotations

from datetime import date

from zvh.network.models import House
from zvh.reports.models import ReportKind, SteeringReport
from zvh.reports.services import Narrative, report_finalise, report_generate

from .story import user_actor

CHAIN_MANAGER = "demo-ketenmanager"


def last_closed_quarter(today: date) -> tuple[int, int]:
    """(year, quarter) of the last quarter that has ended before `today`."""
    quarter = (today.month - 1) // 3  # the current quarter's number minus one
    return (today.year, quarter) if quarter else (today.year - 1, 4)


def steering_reports_tell(*, house: House, today: date) -> None:
    if SteeringReport.objects.filter(house=house).exists():
        return
    actor = user_actor(CHAIN_MANAGER, house)
    year, quarter = last_closed_quarter(today)
    narrative = Narrative(
        summary="De instroom is stabiel. De meeste aanmeldingen komen van politie en wijkteams.",
        developments="Een nieuwe werkwijze voor acute aanmeldingen is dit kwartaal ingevoerd.",
        signals_commentary="Het signaal over wachttijden in de beschermd-wonenketen loopt nog.",
        outlook="Volgend kwartaal bespreken we de afspraken over nazorg met de gemeenten.",
    )
    first = report_generate(
        actor=actor, kind=ReportKind.QUARTER, year=year, quarter=quarter, narrative=narrative
    )
    report_finalise(actor=actor, report=first, expected_version=first.version)
    report_generate(
        actor=actor, kind=ReportKind.QUARTER, year=year, quarter=quarter, narrative=narrative
    )
