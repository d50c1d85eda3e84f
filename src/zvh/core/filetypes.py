"""What kind of file an upload is, judged on its content (decision 0188): never on its name or
on the Content-Type the browser sent. Plain functions over a binary file object, so that they
need no library (no libmagic) and no database.

The allow-list is small on purpose: each type is recognised by its structure, not guessed.
PDF by its header; PNG and JPEG by their signatures; the ZIP-based office formats by the entry
that names what they are ([Content_Types].xml for DOCX/XLSX, `mimetype` for ODT/ODS); plain
text as valid UTF-8 without NUL bytes. A macro-enabled Office file is none of these."""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Iterable
from typing import IO

from django.db import models
from django.utils.translation import gettext_lazy as _

# Read in pieces of this size; a file is never read whole.
CHUNK_BYTES = 64 * 1024
# The entries that name a ZIP-based format are small; a bigger one is not an office file.
MAX_MANIFEST_BYTES = 1024 * 1024


class FileType(models.TextChoices):
    PDF = "pdf", _("PDF")
    PNG = "png", _("PNG-afbeelding")
    JPEG = "jpeg", _("JPEG-afbeelding")
    DOCX = "docx", _("Word-document (DOCX)")
    XLSX = "xlsx", _("Excel-werkmap (XLSX)")
    ODT = "odt", _("OpenDocument-tekst (ODT)")
    ODS = "ods", _("OpenDocument-rekenblad (ODS)")
    TEXT = "txt", _("Platte tekst (TXT)")


def default_upload_types() -> list[str]:
    """Every known type: the allow-list of a house that has not chosen (a model default)."""
    return [choice.value for choice in FileType]


MEDIA_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.PNG: "image/png",
    FileType.JPEG: "image/jpeg",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.ODT: "application/vnd.oasis.opendocument.text",
    FileType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileType.TEXT: "text/plain; charset=utf-8",
}

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_PDF = b"%PDF-"
_ZIP = b"PK\x03\x04"
# The content type of the main part, as [Content_Types].xml names it.
_OOXML_MAIN = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        FileType.DOCX
    ),
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (FileType.XLSX),
}
_ODF_MIMETYPE = {
    b"application/vnd.oasis.opendocument.text": FileType.ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": FileType.ODS,
}


def sniff(file: IO[bytes]) -> FileType | None:
    """The type of a seekable binary file, or None when it is none of the known types. Leaves
    the file at its start."""
    file.seek(0)
    head = file.read(8)
    try:
        if head.startswith(_PDF):
            return FileType.PDF
        if head.startswith(_PNG):
            return FileType.PNG
        if head.startswith(_JPEG):
            return FileType.JPEG
        if head.startswith(_ZIP):
            return zip_type(file)
        file.seek(0)
        return FileType.TEXT if is_utf8_text(iter(lambda: file.read(CHUNK_BYTES), b"")) else None
    finally:
        file.seek(0)


def zip_type(file: IO[bytes]) -> FileType | None:
    """DOCX, XLSX, ODT or ODS by the entry that names the format; None for any other ZIP,
    and for a damaged one."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return _ODF_MIMETYPE.get(_entry(archive, "mimetype").strip())
            if "[Content_Types].xml" in names:
                return ooxml_type(_entry(archive, "[Content_Types].xml"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return None
    return None


def _entry(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > MAX_MANIFEST_BYTES:
        raise ValueError("manifest too large")
    with archive.open(name) as entry:
        return entry.read(MAX_MANIFEST_BYTES)


def ooxml_type(content_types: bytes) -> FileType | None:
    """DOCX or XLSX by the main part's content type in [Content_Types].xml. A file naming
    both, or a macro-enabled main part, is neither."""
    found = {kind for marker, kind in _OOXML_MAIN.items() if b'"' + marker + b'"' in content_types}
    return found.pop() if len(found) == 1 else None


def is_utf8_text(chunks: Iterable[bytes]) -> bool:
    """True when the chunks decode as UTF-8 and hold no NUL byte; decoded piece by piece, so
    that a character split over two chunks is still valid."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    seen = False
    try:
        for chunk in chunks:
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
            seen = seen or bool(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return seen
