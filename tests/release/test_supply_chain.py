"""The dependency audit (decision 0191): a known vulnerability fails the build unless it is
accepted for its package with a reason and an end date that has not passed."""

from __future__ import annotations

import datetime
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "audit_dependencies", ROOT / "scripts" / "audit_dependencies.py"
)
audit = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules["audit_dependencies"] = audit  # dataclasses look their module up there
_spec.loader.exec_module(audit)  # type: ignore[union-attr]

TODAY = datetime.date(2026, 12, 7)
REPORT = {
    "dependencies": [
        {"name": "Django", "version": "5.2.19", "vulns": []},
        {
            "name": "Example_Lib",
            "version": "1.0",
            "vulns": [
                {"id": "PYSEC-2026-1", "aliases": ["GHSA-aaaa-bbbb-cccc"], "fix_versions": ["1.1"]}
            ],
        },
        {"name": "unknown", "skip_reason": "Dependency not found on PyPI"},
    ]
}
REASON = "Only the XML-RPC server is affected; ZVH never starts it."


def _accept(
    id_: str = "GHSA-aaaa-bbbb-cccc", package: str = "example-lib", until: str = "2027-01-31"
):
    return audit.read_acceptances(
        f'[[accepted]]\nid = "{id_}"\npackage = "{package}"\nreason = "{REASON}"\nuntil = {until}\n'
    )


def test_a_known_vulnerability_fails_the_build():
    verdict = audit.judge(REPORT, [], today=TODAY)
    assert verdict.failing == ["example-lib 1.0: PYSEC-2026-1 (fixed in 1.1)"]
    assert verdict.exit_code(strict=False) == 1


def test_an_acceptance_by_alias_with_a_reason_lets_it_pass_until_its_date():
    verdict = audit.judge(REPORT, _accept(), today=TODAY)
    assert verdict.failing == []
    assert verdict.accepted == [
        f"example-lib 1.0: PYSEC-2026-1: accepted until 2027-01-31: {REASON}"
    ]
    assert verdict.exit_code(strict=False) == 0


@pytest.mark.parametrize(
    "acceptance",
    [
        {"until": "2026-12-06"},  # passed
        {"package": "other"},  # another package's acceptance
        {"id": "PYSEC-2026-2"},  # another vulnerability
    ],
)
def test_an_acceptance_that_does_not_fit_does_not_help(acceptance):
    arguments = {
        "id_": acceptance.get("id", "PYSEC-2026-1"),
        **{k: v for k, v in acceptance.items() if k != "id"},
    }
    assert audit.judge(REPORT, _accept(**arguments), today=TODAY).exit_code(strict=False) == 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[[accepted]]\nid = "X"\npackage = "p"\nuntil = 2027-01-01\n', "missing reason"),
        (
            '[[accepted]]\nid = "X"\npackage = "p"\nreason = "ok"\nuntil = 2027-01-01\n',
            "must say why",
        ),
        (f'[[accepted]]\nid = "X"\npackage = "p"\nreason = "{REASON}"\nuntil = "soon"\n', "date"),
    ],
)
def test_an_acceptance_without_reason_or_end_date_is_refused(text, problem):
    with pytest.raises(audit.AcceptedListInvalid, match=problem):
        audit.read_acceptances(text)


def test_unaudited_packages_are_listed_and_fail_only_when_strict():
    verdict = audit.judge(REPORT, _accept(), today=TODAY)
    assert verdict.unaudited == ["unknown"]
    assert verdict.exit_code(strict=True) == 1


def test_the_command_fails_on_a_saved_report_with_a_vulnerability(tmp_path, capsys):
    report = tmp_path / "report.json"
    report.write_text(json.dumps(REPORT))
    assert audit.main(["--report", str(report)]) == 1
    assert "VULNERABLE  example-lib 1.0: PYSEC-2026-1" in capsys.readouterr().out


def test_the_committed_acceptance_list_is_valid():
    audit.read_acceptances((ROOT / "accepted-vulnerabilities.toml").read_text())
