"""The national criteria for a complex case (Landelijk Kader Veiligheidshuizen), as pure functions.

complex = (C1 and C2 and (C3a or C3b)) or C4

- C1 multiproblem: problems on two or more life domains, with criminal or nuisance behaviour
  present or expected.
- C2 cross-chain: cooperation between several chains is needed.
- C3a system: the problems affect and are affected by the family system or social environment.
- C3b area: serious local or area-bound safety problems needing a cross-chain approach.
- C4 stuck: the local approach has got stuck.

`derive` suggests answers from what a referral holds; a person confirms or changes them. Where
the referral holds a clue that is no answer by itself, `derive` gives a hint beside the box.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from zvh.core.life_domains import LifeDomain

CRITERIA = ("c1", "c2", "c3a", "c3b", "c4")

CRITERION_LABELS = {
    "c1": _("C1 Multiprobleem"),
    "c2": _("C2 Ketenoverstijgend"),
    "c3a": _("C3a Systeem"),
    "c3b": _("C3b Gebied"),
    "c4": _("C4 Lokale aanpak vastgelopen"),
}

CRITERION_EXPLANATIONS = {
    "c1": _(
        "Problemen op meer dan één leefgebied die leiden (of dreigen te leiden) tot crimineel "
        "of overlastgevend gedrag."
    ),
    "c2": _("Samenwerking tussen meerdere ketens is nodig; één keten kan het niet oplossen."),
    "c3a": _("De problemen beïnvloeden het (gezins)systeem of de directe omgeving, en omgekeerd."),
    "c3b": _("Ernstige lokale of gebiedsgebonden veiligheidsproblemen."),
    "c4": _("De lokale aanpak is vastgelopen."),
}


@dataclass(frozen=True)
class CriteriaAnswers:
    c1: bool
    c2: bool
    c3a: bool
    c3b: bool
    c4: bool


def is_complex(answers: CriteriaAnswers) -> bool:
    return (answers.c1 and answers.c2 and (answers.c3a or answers.c3b)) or answers.c4


@dataclass(frozen=True)
class ReferralFacts:
    """What the rule may use of a referral."""

    life_domains: frozenset[str]
    behaviour: str  # "none", "present" or "expected"
    chain_domains: frozenset[str]  # criminal_justice, care, administrative, social
    orientation: str  # "person", "system" or "area"
    local_approach_stuck: bool
    # The referrer says the problems affect, and are affected by, the system or the direct
    # social environment.
    system_impact: bool = False


@dataclass(frozen=True)
class Derivation:
    answers: CriteriaAnswers
    reasons: dict[str, str]
    # Per criterion, a clue to weigh that did not decide the suggestion (shown beside the box).
    hints: dict[str, str] = field(default_factory=dict)


# Life domains that may point at the system. A hint only: a weak social network or trouble in
# relations does not say that the problems affect the system and the other way round, which is
# what C3a asks (decision 0004, amended by 0176).
SYSTEM_HINT_DOMAINS = (LifeDomain.DOMESTIC_RELATIONS, LifeDomain.SOCIAL_NETWORK)


def derive(facts: ReferralFacts) -> Derivation:
    problem_domains = len(facts.life_domains)
    behaviour = facts.behaviour in {"present", "expected"}
    c1 = problem_domains >= 2 and behaviour
    c2 = len(facts.chain_domains) >= 2
    system_oriented = facts.orientation == "system"
    c3a = system_oriented or facts.system_impact
    c3b = facts.orientation == "area"
    c4 = facts.local_approach_stuck
    reasons = {
        "c1": str(
            _("%(count)d leefgebied(en) met problemen; gedrag: %(behaviour)s")
            % {"count": problem_domains, "behaviour": _("ja") if behaviour else _("nee")}
        ),
        "c2": str(_("%(count)d keten(s) betrokken of nodig") % {"count": len(facts.chain_domains)}),
        "c3a": str(
            _("systeemgerichte aanmelding")
            if system_oriented
            else _("melder geeft aan dat de problemen het systeem of de directe omgeving raken")
            if c3a
            else _("melder geeft geen gevolgen voor het systeem aan")
        ),
        "c3b": str(
            _("gebiedsgerichte aanmelding") if c3b else _("geen gebiedsgerichte aanmelding")
        ),
        "c4": str(
            _("melder geeft aan dat de lokale aanpak is vastgelopen")
            if c4
            else _("lokale aanpak niet vastgelopen volgens melder")
        ),
    }
    hints = {}
    hint_domains = [domain for domain in SYSTEM_HINT_DOMAINS if domain.value in facts.life_domains]
    if hint_domains:
        hints["c3a"] = str(
            _(
                "Leefgebieden in de aanmelding: %(domains)s. Dat alleen is geen "
                "systeemproblematiek: ga na of de problemen het (gezins)systeem of de directe "
                "omgeving raken, en andersom."
            )
            % {"domains": ", ".join(str(domain.label).lower() for domain in hint_domains)}
        )
    return Derivation(CriteriaAnswers(c1=c1, c2=c2, c3a=c3a, c3b=c3b, c4=c4), reasons, hints)
