"""Test settings: fast hashing, in-memory mail, the database chosen by DATABASE_URL."""

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the apps (no collectstatic before a test run); autorefresh
# looks them up per request, so a missing STATIC_ROOT is no reason for a warning.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# --- Audit chain keys and checkpoints (decision 0190)
ZVH_AUDIT_CHAIN_KEY = "test-audit-chain-key-of-at-least-thirty-two-bytes"
ZVH_AUDIT_CHAIN_KEY_FILE = ""
ZVH_AUDIT_CHAIN_KEY_FALLBACKS = []
# Tests that check checkpoints give their own temporary directory.
ZVH_AUDIT_CHECKPOINT_DIR = ""
