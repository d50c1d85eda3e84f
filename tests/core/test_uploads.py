"""The rules an upload meets before it is stored (decision 0188): the house's size limit and
type allow-list, and clamd's verdict over its INSTREAM protocol, against a small fake clamd.
No database."""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zvh.core import clamd
from zvh.core.uploads import MB, upload_error

EICAR_MARKER = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"
PDF = b"%PDF-1.4\n" + b"x" * (150 * 1024)  # more than two of the scanner's chunks


class FakeClamd(socketserver.BaseRequestHandler):
    """Speaks INSTREAM: reads the length-prefixed chunks up to the zero length, answers FOUND
    when the stream holds the EICAR marker, else OK. Records the chunk sizes it received."""

    chunks: list[int]

    def handle(self) -> None:
        stream = self.request.makefile("rb")
        assert stream.read(10) == b"zINSTREAM\0"
        data = b""
        while size := struct.unpack(">I", stream.read(4))[0]:
            self.chunks.append(size)
            data += stream.read(size)
        found = EICAR_MARKER in data
        self.request.sendall(b"stream: Eicar-Test-Signature FOUND\0" if found else b"stream: OK\0")


@pytest.fixture(scope="module")
def fake_clamd() -> Iterator[tuple[str, list[int]]]:
    chunks: list[int] = []
    handler = type("Handler", (FakeClamd,), {"chunks": chunks})
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        host, port = server.server_address[:2]
        yield f"{host}:{port}", chunks
        server.shutdown()


def upload(content: bytes, name: str = "verslag.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"


def test_size_and_type_are_the_houses_and_the_type_is_read_from_the_content(settings):
    settings.ZVH_CLAMD = ""
    assert upload_error(upload(PDF), max_mb=1, allowed=["pdf"]) == ""
    too_big = upload(b"%PDF-1.4" + b"x" * MB)
    assert upload_error(too_big, max_mb=1, allowed=["pdf"]) == (
        "Het bestand is groter dan 1 MB. Verklein het of splits het."
    )
    # An executable named .pdf and sent as application/pdf is still an executable.
    renamed = upload(b"MZ\x90\x00\x03\x00\x00\x00")
    assert upload_error(renamed, max_mb=20, allowed=["pdf", "txt"]) == (
        "Dit soort bestand is niet toegestaan. Toegestaan zijn: PDF, Platte tekst (TXT)."
    )
    # A PDF where the house allows text only.
    assert upload_error(upload(PDF), max_mb=20, allowed=["txt"]).startswith(
        "Dit soort bestand is niet toegestaan."
    )
    assert upload_error(upload(b""), max_mb=20, allowed=["pdf"]) == "Het bestand is leeg."


def test_clamd_scans_the_stream_in_chunks_and_an_infected_file_is_refused(settings, fake_clamd):
    settings.ZVH_CLAMD, chunks = fake_clamd
    chunks.clear()
    clean = upload(PDF)
    assert upload_error(clean, max_mb=20, allowed=["pdf"]) == ""
    assert len(chunks) == 3 and max(chunks) == clamd.CHUNK_BYTES
    assert clean.tell() == 0  # left at its start, to be stored
    infected = upload(PDF + EICAR_MARKER)
    assert upload_error(infected, max_mb=20, allowed=["pdf"]) == (
        "Het bestand bevat mogelijk een virus en is niet opgeslagen."
    )


@pytest.mark.parametrize("address", ["closed port", "/nonexistent/clamd.sock", "no-port"])
def test_an_unreachable_clamd_refuses_the_upload(settings, address):
    """Configured but not answering: fail closed."""
    settings.ZVH_CLAMD = closed_port() if address == "closed port" else address
    settings.ZVH_CLAMD_TIMEOUT_SECONDS = 2
    assert upload_error(upload(PDF), max_mb=20, allowed=["pdf"]) == (
        "Het bestand kan nu niet op virussen worden gecontroleerd en is niet opgeslagen. "
        "Probeer het later opnieuw."
    )


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [(b"stream: OK\0", None), (b"stream: Win.Test.EICAR_HDB-1 FOUND\0", "Win.Test.EICAR_HDB-1")],
)
def test_clamd_replies(reply, verdict):
    assert clamd.parse_reply(reply) == verdict


@pytest.mark.parametrize("reply", [b"INSTREAM size limit exceeded. ERROR\0", b""])
def test_an_error_or_no_reply_is_no_verdict(reply):
    with pytest.raises(clamd.ScannerUnavailable):
        clamd.parse_reply(reply)
