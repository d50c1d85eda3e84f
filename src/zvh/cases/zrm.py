"""The change in self-sufficiency (ZRM) of a case per life domain, kept beside its reviews.

A review is written once and never changed, but one recorded late can come before the others in
date, so a case's first and last score per domain are recomputed from all its reviews (a
handful) whenever one is written. The outcome figures then count `CaseZrmChange` rows, one per
case and domain, instead of reading every review of every closed case (decision 0175).
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any

from zvh.core.life_domains import LifeDomain, ZrmScore

from .models import CaseReview, CaseZrmChange

ZRM_SCORES = frozenset(ZrmScore.values)
# The order of a case's reviews: by date, then by when they were written.
REVIEW_ORDER = ("held_on", "created_at", "id")
_BATCH = 500


def first_and_last(scores_in_order: Iterable[Mapping[str, Any] | None]) -> dict[str, list[int]]:
    """Per life domain: [first score, last score, reviews that scored it]. A score is a whole
    number from 1 to 5 on a known life domain: a boolean, a fraction, a text or an unknown
    domain is none (reviews written outside the service may hold anything)."""
    domains = set(LifeDomain.values)
    found: dict[str, list[int]] = {}
    for scores in scores_in_order:
        if not isinstance(scores, Mapping):
            continue
        for domain, score in scores.items():
            if type(score) is int and score in ZRM_SCORES and domain in domains:
                if domain in found:
                    found[domain][1] = score
                    found[domain][2] += 1
                else:
                    found[domain] = [score, score, 1]
    return found


def zrm_changes_refresh(case_ids: Iterable[uuid.UUID]) -> None:
    """Rewrites the ZRM changes of these cases from their reviews. Called in the transaction that
    writes a review; the generators of history call it once for the cases they made."""
    ids = list(case_ids)
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        reviews = (
            CaseReview.objects.filter(case_id__in=chunk)
            .order_by("case_id", *REVIEW_ORDER)
            .values_list("case_id", "zrm_scores")
        )
        rows = [
            CaseZrmChange(
                case_id=case_id,
                life_domain=domain,
                first_score=first,
                last_score=last,
                scored_reviews=scored,
            )
            for case_id, group in itertools.groupby(reviews, key=itemgetter(0))
            for domain, (first, last, scored) in first_and_last(s for _c, s in group).items()
        ]
        CaseZrmChange.objects.filter(case_id__in=chunk).delete()
        CaseZrmChange.objects.bulk_create(rows, batch_size=1000)
