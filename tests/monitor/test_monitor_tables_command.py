"""`manage.py monitor_tables`: stdin, and invalid input reported on stderr with a non-zero exit."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command

from tests.monitor.samples import valid_record


class _Stdin(io.StringIO):
    @property
    def buffer(self) -> io.BytesIO:
        return io.BytesIO(self.getvalue().encode())


def run(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[str, str]:
    monkeypatch.setattr(sys, "stdin", _Stdin(text))
    out, err = io.StringIO(), io.StringIO()
    call_command("monitor_tables", "--year", "2015", "--input", "-", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_records_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    out, err = run(monkeypatch, json.dumps([valid_record()], default=float))
    assert json.loads(out)["table_3"]["total"] == {"count": 1, "pct": 100}
    assert err == ""


def test_invalid_input_lists_every_error_and_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    bad = [valid_record(goal_statement="x"), valid_record(id="ZVH-02", fte_other=None)]
    with pytest.raises(CommandError, match="2 fouten"):
        monkeypatch.setattr(sys, "stdin", _Stdin(json.dumps(bad, default=float)))
        err = io.StringIO()
        out = io.StringIO()
        try:
            call_command("monitor_tables", "--year", "2015", "--input", "-", stdout=out, stderr=err)
        finally:
            lines = err.getvalue().splitlines()
            assert lines[0].startswith("ZVH-01\tgoal_statement\tonbekende waarde 'x'")
            assert lines[1].startswith("ZVH-02\tfte_other\t")
            assert out.getvalue() == ""


def test_not_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin("[{"))
    with pytest.raises(CommandError, match="1 fout\\)"):
        call_command("monitor_tables", "--year", "2015", "--input", "-")
    assert "Het bestand is geen geldige JSON: fout op regel 1, kolom 3." in capsys.readouterr().err


def test_a_missing_file() -> None:
    with pytest.raises(CommandError, match="kan niet worden gelezen"):
        call_command("monitor_tables", "--year", "2015", "--input", "/nonexistent/records.json")
