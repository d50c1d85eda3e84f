"""The layer contract (docs/architecture.md, decision 0195): an app imports only the apps below it,
not even inside a function. The contract itself is `[tool.importlinter]` in pyproject.toml."""

import re
from pathlib import Path

from importlinter.application.use_cases import lint_imports
from importlinter.configuration import configure

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_apps_import_only_downward(capsys):
    configure()
    kept = lint_imports(config_filename=str(PYPROJECT), cache_dir=None, no_logo=True)
    output = capsys.readouterr().out
    broken = [line.strip() for line in output.splitlines() if re.match(r"\s*- zvh\.", line)]
    assert kept, (
        f"{len(broken)} import(s) run up the layers (see docs/architecture.md):\n"
        + "\n".join(broken or [output])
    )
