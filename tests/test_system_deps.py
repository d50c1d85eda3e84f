"""scripts/system-deps, which `make test` runs first (decision 0181): on a fresh machine it
installs the Debian packages the suite needs when it can, or stops at once with the exact
command. Run here with stand-ins for dpkg-query, id, sudo and apt-get: nothing is installed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "system-deps"
MISSING = ("chromium", "gettext")


def _fake(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path):
    """A Debian machine lacking Chromium and gettext; apt-get only writes down its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    missing = "|".join(MISSING)
    _fake(
        bin_dir,
        "dpkg-query",
        f'case "$3" in {missing}) exit 1;; *) printf "install ok installed";; esac\n',
    )
    _fake(bin_dir, "apt-get", f'echo "$@" >> {log}\n')

    def run(*, uid: int, sudo: bool) -> subprocess.CompletedProcess[str]:
        _fake(bin_dir, "id", f"echo {uid}\n")
        # A sudo that asks no password, or one that refuses without a terminal to ask on.
        _fake(bin_dir, "sudo", '[ "$1" = -n ] && shift; "$@"\n' if sudo else "exit 1\n")
        env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}
        env.pop("ZVH_CHROMIUM", None)
        return subprocess.run(  # noqa: S603 - the project's own script
            [str(SCRIPT)], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
        )

    run.log = log  # type: ignore[attr-defined]
    return run


def test_without_root_or_sudo_it_stops_with_the_exact_command(machine):
    result = machine(uid=1000, sudo=False)
    assert result.returncode == 1
    assert (
        "sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium gettext"
        in result.stderr
    )
    assert "make test-fast" in result.stderr
    assert not machine.log.exists()


def test_as_root_it_installs_what_is_missing(machine):
    result = machine(uid=0, sudo=False)
    assert result.returncode == 0, result.stderr
    assert machine.log.read_text().splitlines() == [
        "update -qq",
        "install -y --no-install-recommends chromium gettext",
    ]


def test_with_sudo_it_installs_through_sudo(machine):
    result = machine(uid=1000, sudo=True)
    assert result.returncode == 0, result.stderr
    assert "install -y --no-install-recommends chromium gettext" in machine.log.read_text()


def test_make_test_runs_it_first():
    makefile = (ROOT / "Makefile").read_text()
    assert "\ntest: system-deps " in makefile
    assert "\nsystem-deps:\n\t@scripts/system-deps\n" in makefile
