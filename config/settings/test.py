"""Test settings: fast hashing, in-memory mail, the database chosen by DATABASE_URL."""

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # The filesystem whatever the environment says; the bucket's tests set up their own.
    "private": {"BACKEND": "zvh.core.storage.PrivateFileSystemStorage"},
}
# Serve static files straight from the apps (no collectstatic before a test run); autorefresh
# looks them up per request, so a missing STATIC_ROOT is no reason for a warning.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run at once, in the test's process, after the commit (decision 0187): a test that does
# not care about the queue sees the e-mail in mail.outbox as before. Tests of the queue itself
# switch to the database backend and run the queued tasks with zvh.jobs.worker.run_pending.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# No worker runs beside the tests (tasks run at once), so its two readiness checks would always
# be red; the tests of /readyz that need them list them themselves.
ZVH_READINESS_CHECKS = [
    check
    for check in ZVH_READINESS_CHECKS  # noqa: F405
    if not str(check).startswith("zvh.jobs.")
]

# --- Audit chain keys and checkpoints (decision 0190)
ZVH_AUDIT_CHAIN_KEY = "test-audit-chain-key-of-at-least-thirty-two-bytes"
ZVH_AUDIT_CHAIN_KEY_FILE = ""
ZVH_AUDIT_CHAIN_KEY_FALLBACKS = []
# Tests that check checkpoints give their own temporary directory.
ZVH_AUDIT_CHECKPOINT_DIR = ""
