"""Uploads in, downloads out (decision 0188).

In: `upload_error` holds an upload to the house's size limit and type allow-list (the type
sniffed from the content, zvh.core.filetypes) and, when configured, has clamd scan it; the
service refuses the upload with the Dutch message before anything is written. Django has
already streamed the upload to a temporary file (FILE_UPLOAD_MAX_MEMORY_SIZE), and storing it
with `FieldFile.save` copies it to the storage in chunks; nothing here reads it whole.

Out: `download_response` answers with the stored file, after the caller's access check and
audit event: handed to the proxy (X-Accel-Redirect) when ZVH_PRIVATE_ACCEL_REDIRECT is set,
else streamed from the storage in chunks."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from urllib.parse import quote

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from . import clamd
from .filetypes import FileType, sniff
from .storage import StoredStream, open_for_reading

logger = logging.getLogger(__name__)

MB = 1024 * 1024
# The most a house may allow; the proxy's request body limit must be at least this.
MAX_UPLOAD_MB = 100
DEFAULT_UPLOAD_MB = 20


def allowed_labels(allowed: Collection[str]) -> str:
    return ", ".join(str(kind.label) for kind in FileType if kind.value in allowed)


def upload_error(upload: UploadedFile, *, max_mb: int, allowed: Collection[str]) -> str:
    """The Dutch reason to refuse the upload, or "" when it may be stored."""
    size = upload.size or 0
    if size > max_mb * MB:
        return _("Het bestand is groter dan %(max)d MB. Verklein het of splits het.") % {
            "max": max_mb
        }
    if size == 0:
        return _("Het bestand is leeg.")
    kind = sniff(upload)
    if kind is None or kind.value not in allowed:
        return _("Dit soort bestand is niet toegestaan. Toegestaan zijn: %(types)s.") % {
            "types": allowed_labels(allowed)
        }
    if clamd.configured():
        try:
            found = clamd.scan(upload)
        except clamd.ScannerUnavailable as error:
            logger.error("virus scanner unavailable: %s", error)
            return _(
                "Het bestand kan nu niet op virussen worden gecontroleerd en is niet opgeslagen. "
                "Probeer het later opnieuw."
            )
        if found is not None:
            logger.warning("upload refused, virus scanner found %s", found)
            return _("Het bestand bevat mogelijk een virus en is niet opgeslagen.")
    return ""


@contextmanager
def discard_on_error() -> Iterator[list[FieldFile]]:
    """Files stored inside the block (append them to the list) are deleted again when the block
    fails: the transaction that rolls back their row leaves no file behind."""
    stored: list[FieldFile] = []
    try:
        yield stored
    except BaseException:
        for file in stored:
            if file.name:
                file.storage.delete(file.name)
        raise


def download_response(
    file: FieldFile, *, filename: str, content_type: str = "application/octet-stream"
) -> HttpResponseBase:
    """The stored file as a download. The caller has checked access and written the audit
    event; this only delivers."""
    prefix = getattr(settings, "ZVH_PRIVATE_ACCEL_REDIRECT", "")
    if prefix:
        response: HttpResponseBase = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(file.name or "")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=filename
        )
        return response
    try:
        stream = open_for_reading(file.storage, file.name or "")
    except FileNotFoundError as error:
        logger.error("stored file missing: %s", file.name)
        raise Http404 from error
    response = FileResponse(
        stream, as_attachment=True, filename=filename, content_type=content_type
    )
    if isinstance(stream, StoredStream):
        response["Content-Length"] = str(stream.size)
    return response
