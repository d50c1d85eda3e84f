"""Where private documents (covenants, item attachments) live: outside the static and media
roots, read only through a view that checks the access policy.

The root is `ZVH_PRIVATE_MEDIA_ROOT` (default `var/private`), read on every use rather than
once, so that a test or an operator can point it elsewhere without reloading the models.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self) -> str:
        return str(getattr(settings, "ZVH_PRIVATE_MEDIA_ROOT", settings.VAR_DIR / "private"))

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("private documents have no URL; serve them through a view")


def private_storage() -> PrivateStorage:
    """A callable, so that migrations refer to this function instead of a storage instance."""
    return PrivateStorage()
