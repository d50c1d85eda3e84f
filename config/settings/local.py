"""Local development and the demo: SQLite, e-mail to files, debug on unless told otherwise."""

from config.env import env_bool, env_list, env_str

from .base import *  # noqa: F403
from .base import MIDDLEWARE, VAR_DIR

DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# The embedded database lives here; a fresh clone has no such folder yet.
VAR_DIR.mkdir(parents=True, exist_ok=True)

# E-mail is written to var/mail/, one file per e-mail, instead of filling the console before the
# demo's accounts (decision 0181). EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
# brings the console back.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# The demo shows the product's own 404 and 500 pages even with DEBUG on, never Django's
# technical page (it shows settings and code); the traceback still goes to the console, where
# django.request logs it. Inside the security headers, so the page gets its CSP.
if DEBUG:
    _at = MIDDLEWARE.index("zvh.core.middleware.SecurityHeadersMiddleware") + 1
    MIDDLEWARE = [*MIDDLEWARE[:_at], "zvh.core.errors.OwnErrorPagesMiddleware", *MIDDLEWARE[_at:]]

# --- Audit chain keys and checkpoints (decision 0190)
# The demo keeps its checkpoints next to its database (production: elsewhere, see operations.md).
ZVH_AUDIT_CHECKPOINT_DIR = env_str("ZVH_AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit-checkpoints"))
