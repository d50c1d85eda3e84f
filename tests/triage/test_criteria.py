"""The national rule: complex = (C1 and C2 and (C3a or C3b)) or C4."""

import dataclasses
import itertools

from hypothesis import given
from hypothesis import strategies as st

from zvh.core.life_domains import LifeDomain
from zvh.triage.criteria import CriteriaAnswers, ReferralFacts, derive, is_complex

# Written out by hand from the national framework, not computed by the rule under test.
COMPLEX_WITHOUT_C4 = {
    # (c1, c2, c3a, c3b)
    (True, True, True, False),
    (True, True, False, True),
    (True, True, True, True),
}


def test_truth_table_is_exhaustive_and_exact():
    rows = list(itertools.product([False, True], repeat=5))
    assert len(rows) == 32
    for c1, c2, c3a, c3b, c4 in rows:
        expected = c4 or (c1, c2, c3a, c3b) in COMPLEX_WITHOUT_C4
        answers = CriteriaAnswers(c1=c1, c2=c2, c3a=c3a, c3b=c3b, c4=c4)
        assert is_complex(answers) is expected, (c1, c2, c3a, c3b, c4)


domains = st.frozensets(st.sampled_from(LifeDomain.values))
chains = st.frozensets(st.sampled_from(["criminal_justice", "care", "administrative", "social"]))
facts = st.builds(
    ReferralFacts,
    life_domains=domains,
    behaviour=st.sampled_from(["none", "present", "expected"]),
    chain_domains=chains,
    orientation=st.sampled_from(["person", "system", "area"]),
    local_approach_stuck=st.booleans(),
    system_impact=st.booleans(),
)


@given(facts)
def test_c1_needs_two_domains_and_behaviour(f):
    derived = derive(f).answers
    assert derived.c1 == (len(f.life_domains) >= 2 and f.behaviour != "none")


@given(facts)
def test_one_domain_is_never_multiproblem(f):
    single = ReferralFacts(
        life_domains=frozenset(list(f.life_domains)[:1]),
        behaviour="present",
        chain_domains=f.chain_domains,
        orientation=f.orientation,
        local_approach_stuck=f.local_approach_stuck,
        system_impact=f.system_impact,
    )
    assert derive(single).answers.c1 is False


@given(facts)
def test_c2_needs_two_chains(f):
    assert derive(f).answers.c2 == (len(f.chain_domains) >= 2)


@given(facts)
def test_area_orientation_gives_c3b_and_stuck_gives_c4(f):
    derived = derive(f).answers
    assert derived.c3b == (f.orientation == "area")
    assert derived.c4 == f.local_approach_stuck


@given(facts)
def test_more_problem_domains_never_lower_the_outcome(f):
    """Monotone: adding a problem domain never turns a complex case into a non-complex one."""
    before = is_complex(derive(f).answers)
    more = ReferralFacts(
        life_domains=f.life_domains | {LifeDomain.HOUSING.value, LifeDomain.FINANCES.value},
        behaviour=f.behaviour,
        chain_domains=f.chain_domains,
        orientation=f.orientation,
        local_approach_stuck=f.local_approach_stuck,
        system_impact=f.system_impact,
    )
    assert not before or is_complex(derive(more).answers)


@given(facts)
def test_every_criterion_has_a_reason(f):
    assert set(derive(f).reasons) == {"c1", "c2", "c3a", "c3b", "c4"}


@given(facts)
def test_c3a_comes_only_from_the_referrals_own_statement_of_system_impact(f):
    """The system orientation or the explicit question; never the life domains by themselves."""
    assert derive(f).answers.c3a == (f.orientation == "system" or f.system_impact)


def test_relations_and_network_domains_are_a_hint_beside_c3a_not_a_tick():
    facts = ReferralFacts(
        life_domains=frozenset(
            {LifeDomain.DOMESTIC_RELATIONS.value, LifeDomain.SOCIAL_NETWORK.value, "housing"}
        ),
        behaviour="present",
        chain_domains=frozenset({"care", "criminal_justice"}),
        orientation="person",
        local_approach_stuck=False,
    )
    derived = derive(facts)
    assert derived.answers.c3a is False
    assert derived.reasons["c3a"] == "melder geeft geen gevolgen voor het systeem aan"
    assert derived.hints == {
        "c3a": "Leefgebieden in de aanmelding: huiselijke relaties, sociaal netwerk. Dat alleen "
        "is geen systeemproblematiek: ga na of de problemen het (gezins)systeem of de directe "
        "omgeving raken, en andersom."
    }
    stated = derive(dataclasses.replace(facts, system_impact=True))
    assert stated.answers.c3a is True
    assert stated.reasons["c3a"] == (
        "melder geeft aan dat de problemen het systeem of de directe omgeving raken"
    )
    assert derive(dataclasses.replace(facts, life_domains=frozenset({"housing"}))).hints == {}


def test_each_reason_says_what_the_suggestion_rests_on():
    """The coordinator reads these beside the boxes: each names the fact that decided it."""
    ticked = ReferralFacts(
        life_domains=frozenset({"housing", "finances"}),
        behaviour="expected",
        chain_domains=frozenset({"care", "criminal_justice", "social"}),
        orientation="system",
        local_approach_stuck=True,
    )
    assert derive(ticked).reasons == {
        "c1": "2 leefgebied(en) met problemen; gedrag: ja",
        "c2": "3 keten(s) betrokken of nodig",
        "c3a": "systeemgerichte aanmelding",
        "c3b": "geen gebiedsgerichte aanmelding",
        "c4": "melder geeft aan dat de lokale aanpak is vastgelopen",
    }
    unticked = ReferralFacts(
        life_domains=frozenset({"housing"}),
        behaviour="none",
        chain_domains=frozenset(),
        orientation="area",
        local_approach_stuck=False,
    )
    assert derive(unticked).reasons == {
        "c1": "1 leefgebied(en) met problemen; gedrag: nee",
        "c2": "0 keten(s) betrokken of nodig",
        "c3a": "melder geeft geen gevolgen voor het systeem aan",
        "c3b": "gebiedsgerichte aanmelding",
        "c4": "lokale aanpak niet vastgelopen volgens melder",
    }
    # The system orientation is named even when the referrer also states the impact.
    both = dataclasses.replace(ticked, system_impact=True)
    assert derive(both).reasons["c3a"] == "systeemgerichte aanmelding"
