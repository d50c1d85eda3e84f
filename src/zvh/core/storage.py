"""Where private documents (covenants, item attachments) live, through Django's storage API
(decision 0188): the `private` entry of STORAGES. That is an S3-compatible bucket (MinIO) when
`ZVH_S3_BUCKET` is set, and otherwise a directory on the filesystem (the embedded default: the
SQLite demo and the tests). Either way it is private: no URL, no public-read object; a file
leaves only through a view that checks the access policy (`zvh.core.uploads.download_response`).

The filesystem root is `ZVH_PRIVATE_MEDIA_ROOT` (default `var/private`), read on every use
rather than once, so that a test or an operator can point it elsewhere without reloading the
models.
"""

from __future__ import annotations

import os
import uuid
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

PRIVATE = "private"
# Files are copied and streamed in pieces of this size, never read whole.
CHUNK_BYTES = 64 * 1024


class PrivateFileSystemStorage(FileSystemStorage):
    @property
    def base_location(self) -> str:
        return str(getattr(settings, "ZVH_PRIVATE_MEDIA_ROOT", settings.VAR_DIR / "private"))

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("private documents have no URL; serve them through a view")


# The old name, still used by code that predates the storage API.
PrivateStorage = PrivateFileSystemStorage


class PrivateS3Storage(S3Storage):
    """A private bucket: objects are written without a public ACL, a name already taken gets
    a new one (never overwritten), and there are no (signed) URLs: the view serves the file."""

    def get_default_settings(self) -> dict[str, Any]:
        defaults: dict[str, Any] = super().get_default_settings()
        defaults.update(
            default_acl="private",
            file_overwrite=False,
            querystring_auth=True,
            # S3File spools a read to disk beyond this, not to memory.
            max_memory_size=CHUNK_BYTES,
        )
        return defaults

    def url(self, name: str | None, *args: Any, **kwargs: Any) -> str:
        raise ValueError("private documents have no URL; serve them through a view")

    def open_stream(self, name: str) -> StoredStream:
        """The object's body as it arrives from the bucket, with its size: a download starts
        at once and never sits whole in memory or on local disk."""
        key = self._normalize_name(clean_name(name))
        try:
            response = self.connection.meta.client.get_object(Bucket=self.bucket_name, Key=key)
        except self.connection.meta.client.exceptions.NoSuchKey as error:
            raise FileNotFoundError(name) from error
        return StoredStream(response["Body"], int(response["ContentLength"]))


class StoredStream:
    """A read-only stream over a stored object: `read(n)`, `close()` and its `size`."""

    def __init__(self, body: Any, size: int) -> None:
        self._body = body
        self.size = size

    def read(self, amount: int = -1) -> bytes:
        return bytes(self._body.read(None if amount is None or amount < 0 else amount))

    def close(self) -> None:
        self._body.close()

    def __enter__(self) -> StoredStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_for_reading(storage: Storage, name: str) -> IO[bytes] | StoredStream:
    """A stored file opened to be read in chunks: the bucket's stream where there is one."""
    opener = getattr(storage, "open_stream", None)
    if opener is not None:
        return opener(name)
    return storage.open(name, "rb")


class _PrivateStorage(LazyObject):
    """The `private` storage, looked up when first used and again after STORAGES changes (as
    Django does for `default_storage`), so that a model's FileField follows the settings."""

    def _setup(self) -> None:
        self._wrapped = storages[PRIVATE]


_private = _PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in ("STORAGES", "ZVH_PRIVATE_MEDIA_ROOT"):
        _private._wrapped = empty  # type: ignore[assignment]


def private_storage() -> Storage:
    """A callable, so that migrations refer to this function instead of a storage instance."""
    return _private  # type: ignore[return-value]


def item_attachment_path(instance: Any, filename: str) -> str:
    """Where an information item's attachment is stored: under its case, by a random name. Never
    the uploader's file name in the path: it is kept apart, for the download only. (Here rather
    than beside the model, so that the migrations of both apps that held the item can name it.)"""
    return f"items/{instance.case_id}/{uuid.uuid4()}"
