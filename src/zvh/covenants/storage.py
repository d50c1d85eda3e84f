"""Kept for the migrations that name it; the storage lives in `zvh.core.storage`."""

from zvh.core.storage import private_storage

__all__ = ["private_storage"]
