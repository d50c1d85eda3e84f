"""Production: refuses to start with an unsafe configuration.

Runs behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto (docs/operations.md).
Static files are collected with `manage.py collectstatic` into STATIC_ROOT and served by
WhiteNoise from there, with hashed names so they can be cached for a year.
"""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from zvh.audit.keys import MIN_KEY_BYTES, configured_keys

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", [])
ZVH_SEARCH_TERM_KEY = env_str("ZVH_SEARCH_TERM_KEY", "")
ZVH_AUDIT_CHAIN_KEY = env_str("ZVH_AUDIT_CHAIN_KEY", "")
ZVH_AUDIT_CHAIN_KEY_FILE = env_str("ZVH_AUDIT_CHAIN_KEY_FILE", "")
ZVH_AUDIT_CHAIN_KEY_FALLBACKS = env_list("ZVH_AUDIT_CHAIN_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# Demo helpers (manage.py totp_code) refuse to run when this is set.
ZVH_PRODUCTION = True

_problems = []
if DEBUG:
    _problems.append("DJANGO_DEBUG must be off")
# Django's own rule for a strong key (security.W009), and never a development default.
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("insecure", "django-insecure"))
):
    _problems.append("DJANGO_SECRET_KEY must be set to a random value of at least 50 characters")
if len(ZVH_SEARCH_TERM_KEY) < 32 or ZVH_SEARCH_TERM_KEY in (SECRET_KEY, *SECRET_KEY_FALLBACKS):
    _problems.append(
        "ZVH_SEARCH_TERM_KEY must be set to a random value of at least 32 characters, "
        "other than the secret key"
    )
# --- Audit chain keys (decision 0190)
try:
    _audit_keys = configured_keys(
        ZVH_AUDIT_CHAIN_KEY, ZVH_AUDIT_CHAIN_KEY_FILE, ZVH_AUDIT_CHAIN_KEY_FALLBACKS
    )
except OSError as _error:
    _audit_keys = []
    _problems.append(f"ZVH_AUDIT_CHAIN_KEY_FILE cannot be read ({_error.strerror})")
_other_keys = (SECRET_KEY, *SECRET_KEY_FALLBACKS, ZVH_SEARCH_TERM_KEY)
if not _audit_keys or any(
    len(key.encode()) < MIN_KEY_BYTES or key in _other_keys for key in _audit_keys
):
    _problems.append(
        "ZVH_AUDIT_CHAIN_KEY (or ZVH_AUDIT_CHAIN_KEY_FILE) must give a random key of at least "
        f"{MIN_KEY_BYTES} bytes, other than the secret key and the search-term key"
    )
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    _problems.append("DJANGO_ALLOWED_HOSTS must list the host names served")
if _problems:
    raise ImproperlyConfigured("Unsafe production configuration: " + "; ".join(_problems))

# The proxy terminates TLS and says so in X-Forwarded-Proto; it must overwrite (never pass on)
# that header from clients.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# One year, fixed: a shorter HSTS lets a downgrade attack through between visits.
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The __Host- prefix makes the browser refuse these cookies unless Secure, host-only, path /.
SESSION_COOKIE_NAME = "__Host-zvh_session"
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "private": ZVH_PRIVATE_STORAGE,  # noqa: F405 (decision 0188)
}

# --- Container package, probes, technical logs, metrics, error reports (decision 0189)
# JSON lines for the log collector unless the operator asks for plain text.
ZVH_LOG_FORMAT = env_str("ZVH_LOG_FORMAT", "json")
LOGGING = logging_settings(ZVH_LOG_FORMAT, ZVH_LOG_LEVEL)  # noqa: F405
# The probes come from the container platform straight to the app server, over plain HTTP and
# without the proxy's X-Forwarded-Proto: a redirect to HTTPS would fail them. They carry no
# cookie and show no data; every other path still redirects.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# A guessable metrics token would open the metrics to anyone who reaches an app server.
if 0 < len(ZVH_METRICS_TOKEN) < 32:  # noqa: F405
    raise ImproperlyConfigured(
        "Unsafe production configuration: ZVH_METRICS_TOKEN must be at least 32 characters"
    )
