"""`make run` (decision 0181): the port is PORT=, the demo's links follow it, and its e-mails go
to a folder rather than to the console before the accounts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.demo.support import run_demo

ROOT = Path(__file__).resolve().parents[2]


def test_the_printed_links_follow_the_base_url_and_the_mail_goes_to_files(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ZVH_BASE_URL = "http://127.0.0.1:8123"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):  # the e-mails go after commit
        output = run_demo()
    assert "http://127.0.0.1:8123/inloggen/" in output
    assert "127.0.0.1:8000" not in output
    assert f"De e-mails van de demo staan in {tmp_path}, één bestand per e-mail." in output
    assert "Subject:" not in output
    mails = "".join(path.read_text() for path in tmp_path.iterdir())
    assert "Subject: [ZVH]" in mails
    assert "http://127.0.0.1:8123/" in mails


def test_the_local_settings_write_mail_to_var_mail():
    text = (ROOT / "config" / "settings" / "local.py").read_text()
    assert '"django.core.mail.backends.filebased.EmailBackend"' in text
    assert 'VAR_DIR / "mail"' in text


def _dry_run(*args: str) -> str:
    return subprocess.run(  # noqa: S603 - fixed arguments, make from PATH as a developer runs it
        ["make", "-n", "run", *args],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_make_run_takes_port():
    default = _dry_run()
    assert "runserver 127.0.0.1:8000" in default
    assert "ZVH_BASE_URL=http://127.0.0.1:8000" in default
    other = _dry_run("PORT=8123")
    assert "runserver 127.0.0.1:8123" in other
    assert re.search(r"ZVH_BASE_URL=http://127.0.0.1:8123 \S+ manage.py demo", other)
