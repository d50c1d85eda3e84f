"""The answer to an access request, in one action: a ZIP with the export as PDF (to read) and as
JSON (the same content, machine-readable), plus the attachments of the items in it.

Generated on demand and never stored: a stored copy would be one more copy of everything about
the person, with its own retention. What was handed over stays provable without it: the
request's history and the access log keep the SHA-256 digest of each file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NoReturn

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.text import get_valid_filename

from zvh.audit.models import Action
from zvh.authz.actor import Actor
from zvh.core.storage import CHUNK_BYTES, open_for_reading, private_storage

from . import collect, services
from .models import EventKind, SubjectRequest

SPOOL_BYTES = 1024 * 1024
STYLESHEET = Path(__file__).with_name("export_pdf.css")


@dataclass(frozen=True)
class AccessExport:
    filename: str
    # The ZIP, at its start: in memory while small, then in a temporary file (attachments are
    # copied into it in chunks, never read whole).
    file: IO[bytes]


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    # Nothing in a text may make the server read a file or call a URL.
    raise ValueError("external resources are not loaded into exports")


def export_pdf(data: dict[str, Any]) -> bytes:
    html = render_to_string("subject_requests/export_pdf.html", {"data": data})
    from weasyprint import CSS, HTML  # imported here: it loads native libraries (Pango)

    pdf: bytes = HTML(string=html, url_fetcher=_no_fetching).write_pdf(
        stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=_no_fetching)]
    )
    return pdf


def export_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _take_attachments(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(name in the ZIP, stored path) of each item's attachment; the stored path is an internal
    detail and leaves the data."""
    found = []
    for case in data["cases"]:
        for item in case["items"]:
            path = item.pop("attachment_path", "")
            if path:
                name = get_valid_filename(item["attachment"] or "bijlage") or "bijlage"
                item["attachment_file"] = (
                    f"bijlagen/{item['source']['record'].split(':')[1]}/{name}"
                )
                found.append((item["attachment_file"], path))
    return found


def access_export(*, actor: Actor, request: SubjectRequest) -> AccessExport:
    """Everything the house holds about the request's person, minus what the officer withheld
    (each withholding listed by ground). The export is an audited act (action export)."""
    services.require_handled(actor, request)
    services.require_content(actor, request)
    person = services.require_access_request(request)
    withholdings = list(request.withholdings.filter(lifted_at__isnull=True))
    data = collect.without_withheld(
        collect.subject_data(actor=actor, request=request, person=person), withholdings
    )
    attachments = _take_attachments(data)
    files = {"inzage.json": export_json(data), "inzage.pdf": export_pdf(data)}
    storage = private_storage()
    buffer = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (returned)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        for name, path in attachments:
            if storage.exists(path):
                with (
                    open_for_reading(storage, path) as attachment,
                    archive.open(name, "w", force_zip64=True) as target,
                ):
                    shutil.copyfileobj(attachment, target, CHUNK_BYTES)
    buffer.seek(0)
    digests = {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}
    detail = {
        "files": digests,
        "withheld_parts": sum(entry["parts"] for entry in data["withheld"]),
        "attachments": len(attachments),
    }
    with transaction.atomic():
        services.record_event(actor, request, EventKind.EXPORTED, data=detail)
        services.audit_request(actor, request, Action.EXPORT, detail)
    return AccessExport(filename=f"inzage-{request.number}.zip", file=buffer)
