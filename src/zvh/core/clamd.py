"""Virus scanning by clamd's INSTREAM command, spoken directly over its socket (decision 0188).

`ZVH_CLAMD` names clamd: a unix socket path (starts with "/") or host:port. The file goes in
chunks, each prefixed with its length as a 4-byte big-endian number, ended by a zero length;
clamd answers "stream: OK", "stream: <name> FOUND" or "... ERROR". Anything else, or no
answer, is ScannerUnavailable: the caller refuses the upload (fail closed)."""

from __future__ import annotations

import socket
import struct
from typing import IO

from django.conf import settings

CHUNK_BYTES = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd is configured but could not give a verdict."""


def configured() -> bool:
    return bool(getattr(settings, "ZVH_CLAMD", ""))


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("/"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(address)
        return sock
    host, _, port = address.rpartition(":")
    return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)


def scan(file: IO[bytes]) -> str | None:
    """The name of what clamd found in the file, or None when it is clean. Streams the file
    from its start and leaves it there. Raises ScannerUnavailable."""
    address = settings.ZVH_CLAMD
    timeout = float(getattr(settings, "ZVH_CLAMD_TIMEOUT_SECONDS", 30))
    file.seek(0)
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            for chunk in iter(lambda: file.read(CHUNK_BYTES), b""):
                sock.sendall(struct.pack(">I", len(chunk)) + chunk)
            sock.sendall(struct.pack(">I", 0))
            reply = _receive(sock)
    except (OSError, ValueError) as error:
        # ValueError: a malformed host:port. OSError covers refused, reset and timed out
        # (clamd also closes the connection when the stream passes its StreamMaxLength).
        raise ScannerUnavailable(str(error)) from error
    finally:
        file.seek(0)
    return parse_reply(reply)


def _receive(sock: socket.socket) -> bytes:
    reply = b""
    while not reply.endswith(b"\0"):
        data = sock.recv(4096)
        if not data:
            break
        reply += data
        if len(reply) > 4096:
            break
    return reply


def parse_reply(reply: bytes) -> str | None:
    """None for "stream: OK", the signature for "stream: <name> FOUND"; anything else (an
    ERROR, an empty or cut-off answer) raises ScannerUnavailable."""
    text = reply.rstrip(b"\0\n").decode("utf-8", "replace")
    _, _, verdict = text.partition(": ")
    if verdict == "OK":
        return None
    if verdict.endswith(" FOUND"):
        return verdict.removesuffix(" FOUND")
    raise ScannerUnavailable(text or "no answer")
