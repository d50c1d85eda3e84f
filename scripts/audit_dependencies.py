#!/usr/bin/env python3
"""Known vulnerabilities in the locked dependencies fail the build (decision 0191).

Runs pip-audit on requirements.lock and judges its JSON report: every known vulnerability fails,
unless accepted-vulnerabilities.toml accepts it for that package with a reason and an end date.
A package the vulnerability service could not look up is listed; with --strict it fails too.

    python scripts/audit_dependencies.py [--strict] [--report FILE]

--report reads a saved pip-audit JSON report instead of running pip-audit (for tests).
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
ACCEPTED = ROOT / "accepted-vulnerabilities.toml"


class AcceptedListInvalid(Exception):
    pass


@dataclass(frozen=True)
class Acceptance:
    id: str
    package: str
    reason: str
    until: datetime.date


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    id: str
    aliases: tuple[str, ...]
    fix_versions: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    failing: list[str]
    accepted: list[str]
    unaudited: list[str]

    def exit_code(self, *, strict: bool) -> int:
        return 1 if self.failing or (strict and self.unaudited) else 0


def read_acceptances(text: str) -> list[Acceptance]:
    """Each entry needs an id, the package, a reason and an end date; anything less is refused,
    so that no vulnerability is waved through without someone saying why and for how long."""
    data = tomllib.loads(text)
    acceptances = []
    for number, entry in enumerate(data.get("accepted", []), start=1):
        missing = [key for key in ("id", "package", "reason", "until") if not entry.get(key)]
        if missing:
            raise AcceptedListInvalid(f"entry {number}: missing {', '.join(missing)}")
        until = entry["until"]
        if not isinstance(until, datetime.date) or isinstance(until, datetime.datetime):
            raise AcceptedListInvalid(f"entry {number}: until must be a date (YYYY-MM-DD)")
        if len(str(entry["reason"]).strip()) < 20:
            raise AcceptedListInvalid(f"entry {number}: the reason must say why (20+ characters)")
        acceptances.append(
            Acceptance(
                id=str(entry["id"]),
                package=_normal(str(entry["package"])),
                reason=str(entry["reason"]).strip(),
                until=until,
            )
        )
    return acceptances


def findings_and_unaudited(report: dict) -> tuple[list[Finding], list[str]]:
    findings: list[Finding] = []
    unaudited: list[str] = []
    for dependency in report.get("dependencies", []):
        name = _normal(dependency["name"])
        if dependency.get("skip_reason"):
            unaudited.append(name)
            continue
        for vuln in dependency.get("vulns", []):
            findings.append(
                Finding(
                    package=name,
                    version=str(dependency.get("version", "")),
                    id=vuln["id"],
                    aliases=tuple(vuln.get("aliases", [])),
                    fix_versions=tuple(vuln.get("fix_versions", [])),
                )
            )
    return findings, unaudited


def judge(report: dict, acceptances: list[Acceptance], *, today: datetime.date) -> Verdict:
    findings, unaudited = findings_and_unaudited(report)
    failing: list[str] = []
    accepted: list[str] = []
    for finding in findings:
        names = {finding.id, *finding.aliases}
        match = next(
            (a for a in acceptances if a.package == finding.package and a.id in names), None
        )
        label = f"{finding.package} {finding.version}: {finding.id}"
        fixed = f" (fixed in {', '.join(finding.fix_versions)})" if finding.fix_versions else ""
        if match is None:
            failing.append(label + fixed)
        elif match.until < today:
            failing.append(f"{label}{fixed}: accepted until {match.until}, which has passed")
        else:
            accepted.append(f"{label}: accepted until {match.until}: {match.reason}")
    return Verdict(failing=failing, accepted=accepted, unaudited=sorted(unaudited))


def run_pip_audit() -> dict:
    # --no-deps/--disable-pip: audit exactly the pinned lock, without building an environment.
    command = [
        sys.executable, "-m", "pip_audit", "--requirement", str(LOCK), "--no-deps",
        "--disable-pip", "--format", "json", "--progress-spinner", "off",
    ]  # fmt: skip
    completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        return json.loads(completed.stdout)
    except json.JSONDecodeError:
        # The service could not be asked at all: nothing was audited.
        sys.stderr.write(completed.stderr[-2000:])
        return {"dependencies": [{"name": "*", "skip_reason": "pip-audit did not answer"}]}


def _normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="fail when a package is unaudited")
    parser.add_argument("--report", type=Path, help="a saved pip-audit JSON report")
    args = parser.parse_args(argv)
    try:
        acceptances = read_acceptances(ACCEPTED.read_text() if ACCEPTED.exists() else "")
    except (AcceptedListInvalid, tomllib.TOMLDecodeError) as error:
        print(f"{ACCEPTED.name}: {error}")
        return 2
    report = json.loads(args.report.read_text()) if args.report else run_pip_audit()
    verdict = judge(report, acceptances, today=datetime.datetime.now(tz=datetime.UTC).date())
    for line in verdict.failing:
        print(f"VULNERABLE  {line}")
    for line in verdict.accepted:
        print(f"accepted    {line}")
    if verdict.unaudited:
        print(
            f"not audited: {len(verdict.unaudited)} package(s) the vulnerability service could "
            f"not look up: {', '.join(verdict.unaudited)}"
        )
    if not verdict.failing:
        print("No known vulnerability that is not accepted.")
    return verdict.exit_code(strict=args.strict)


if __name__ == "__main__":
    sys.exit(main())
