"""Settings shared by every environment. Environment-specific modules import from here."""

from pathlib import Path

import dj_database_url

from config.env import env_bool, env_int, env_list, env_str
from config.logging import logging_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("ZVH_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-do-not-use-in-production")
# Former secret keys, newest first: sessions and signed values made with them stay valid while
# the key is rotated (docs/operations.md, "Secrets").
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", [])
# The key of the search terms' digests in the access log, apart from the secret key so that
# each rotates on its own; the former keys keep old digests answerable. Unset (development),
# the secret key serves, as it did before the key was separate.
ZVH_SEARCH_TERM_KEY = env_str("ZVH_SEARCH_TERM_KEY", "")
ZVH_SEARCH_TERM_KEY_FALLBACKS = env_list("ZVH_SEARCH_TERM_KEY_FALLBACKS", [])
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "zvh.core",
    "zvh.accounts",
    "zvh.network",
    "zvh.people",
    "zvh.cases",
    "zvh.escalation",
    "zvh.stepdown",
    "zvh.transfers",
    "zvh.intake",
    "zvh.triage",
    "zvh.plans",
    "zvh.covenants",
    "zvh.sharing",
    "zvh.subject_requests",
    "zvh.conferences",
    "zvh.notifications",
    "zvh.signals_lookup",
    "zvh.authz",
    "zvh.audit",
    "zvh.privacy",
    "zvh.retention",
    "zvh.figures",
    "zvh.briefing",
    "zvh.cofinancing",
    "zvh.advice",
    "zvh.system_signals",
    "zvh.reports",
    "zvh.monitor",
    "zvh.api",
    "zvh.web",
    "zvh.demo",
]

MIDDLEWARE = [
    "zvh.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "zvh.core.middleware.SecurityHeadersMiddleware",
    "zvh.api.middleware.ApiVersionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zvh.accounts.middleware.SessionLifetimeMiddleware",
    # Every URL's door, from the one table (zvh/authz/doors.py): after login and second factor.
    "zvh.web.door_middleware.DoorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zvh.web.context_processors.navigation",
                "zvh.web.context_processors.version",
            ],
            # |number (thousands separated) on every page without a {% load %}.
            "builtins": ["zvh.core.templatetags.numbers"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zvh.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_SERVER_SIDE_BINDING", True
):
    # psycopg binds parameters on the server and prepares a statement it has seen five times on
    # the connection, so its plan is reused: the case page by API went from 24 to 17 ms at
    # 100,000 cases (decision 0198). A pooler must run in session mode (docs/operations.md).
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed during a write; IMMEDIATE avoids deadlocks on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: the idle timeout is the store's expiry, renewed when the session is written;
# the absolute lifetime is enforced by SessionLifetimeMiddleware.
ZVH_SESSION_IDLE_MINUTES = env_int("ZVH_SESSION_IDLE_MINUTES", 30)
ZVH_SESSION_MAX_HOURS = env_int("ZVH_SESSION_MAX_HOURS", 10)
SESSION_COOKIE_AGE = ZVH_SESSION_IDLE_MINUTES * 60
# The session is written when it changes; the idle check changes it at most once a minute
# (accounts.middleware, decision 0198), so a read-only request writes no session row.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "zvh_session"
CSRF_COOKIE_HTTPONLY = True

# Lockout (django-axes): counted per user name, so an unknown name behaves like a known one.
AXES_FAILURE_LIMIT = env_int("ZVH_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("ZVH_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zvh.accounts.views.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

OTP_TOTP_ISSUER = "ZVH"

# Optional single sign-on. An account is bound to the provider's issuer and subject; the
# provider's login counts as the second factor only when its amr/acr claims say so, otherwise
# ZVH asks for the TOTP code (docs/decisions/0185).
ZVH_OIDC_ENABLED = env_bool("ZVH_OIDC_ENABLED", False)
if ZVH_OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("zvh.accounts.oidc.ZvhOIDCBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    # The identity token's `iss` must be this one: an account is bound to (issuer, subject).
    ZVH_OIDC_ISSUER = env_str("ZVH_OIDC_ISSUER")
    # Authentication methods (RFC 8176 `amr`) and context classes (`acr`) of the provider that
    # count as a second factor; a login with none of them is asked for the TOTP code.
    ZVH_OIDC_SECOND_FACTOR_AMR = env_list("ZVH_OIDC_SECOND_FACTOR_AMR", ["mfa"])
    ZVH_OIDC_SECOND_FACTOR_ACR = env_list("ZVH_OIDC_SECOND_FACTOR_ACR", [])
    OIDC_CREATE_USER = False
    LOGIN_REDIRECT_URL_FAILURE = "accounts:login"

LANGUAGE_CODE = "nl"
# Each language in its own name, so a reader finds theirs whatever the page language is.
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "src" / "zvh" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
# One date format on every page, named in the templates (|date, |date:"DATETIME_FORMAT").
FORMAT_MODULE_PATH = ["zvh.core.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "zvh@localhost")
# Links in e-mails point here.
ZVH_BASE_URL = env_str("ZVH_BASE_URL", "http://127.0.0.1:8000")

# The largest request body Django reads, in bytes (Django's default, 2.5 MiB, made explicit): a
# larger one is a 413 problem in the API (decision 0156).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "zvh.api.authentication.ApiTokenAuthentication",
        "zvh.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["zvh.api.permissions.IsAuthenticatedActor"],
    "DEFAULT_SCHEMA_CLASS": "zvh.api.schema.ProblemAutoSchema",
    "EXCEPTION_HANDLER": "zvh.api.problems.problem_exception_handler",
    "DEFAULT_PAGINATION_CLASS": None,
    "UNAUTHENTICATED_USER": None,
    # JSON only: no browsable HTML API (it needs inline script, which the CSP forbids) and no
    # form-encoded bodies. The parser refuses a body nested too deep or holding a lone surrogate
    # (400, decision 0156).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["zvh.api.parsers.StrictJSONParser"],
    # Per API token and per logged-in user, counted in the database every app server shares.
    "DEFAULT_THROTTLE_CLASSES": [
        "zvh.api.throttling.ApiTokenRateThrottle",
        "zvh.api.throttling.SessionUserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "api_token": env_str("ZVH_API_RATE_TOKEN", "600/minute"),
        "api_user": env_str("ZVH_API_RATE_USER", "120/minute"),
    },
}
# The hit/no-hit signal's budget per API token (instead of the general one above).
ZVH_SIGNAL_LOOKUP_RATE = env_str("ZVH_SIGNAL_LOOKUP_RATE", "120/minute")
# How many referrals a user may submit through the web form in a window: each submission checks
# whether the house knows the persons entered (decision 0157).
ZVH_REFERRAL_CHECK_RATE = env_str("ZVH_REFERRAL_CHECK_RATE", "30/hour")
# How long a worker trusts a token it verified: a revocation reaches the other workers within
# this time (zvh/api/token_cache.py). 0: check the database on every call.
ZVH_API_TOKEN_CACHE_SECONDS = env_int("ZVH_API_TOKEN_CACHE_SECONDS", 1)

SPECTACULAR_SETTINGS = {
    "TITLE": "ZVH API",
    "DESCRIPTION": (
        "API of the information system for Zorg- en Veiligheidshuizen (safety houses).\n\n"
        "Partner applications call with a bearer token (`Authorization: Bearer "
        "<prefix>.<secret>`) bound to one organisation and one house, with scopes; a token acts "
        "as a partner professional of its organisation. Every error is RFC 9457 "
        "`application/problem+json`: `title` and `code` are English and stable, `detail` is in "
        "the request's language (Dutch by default). Lists are keyset-paginated: pass the "
        "`next_cursor` of one page as `cursor` for the next."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "zvh.network.models.OrganisationKind",
        "DomainEnum": "zvh.network.models.Domain",
        # Case work (cases/api.py, plans/api.py): several fields are called `status`, `domain`
        # or `reason`; these keep the names the spec had and give the new sets their own.
        "StatusEnum": "zvh.jzv.serializers.UITKOMST_STATUSES",
        "InterventionDomainEnum": "zvh.plans.models.InterventionDomain",
        "EscalationReasonEnum": "zvh.cases.models.EscalationReason",
        "ClosureReasonEnum": "zvh.cases.models.ClosureReason",
        "OrientationEnum": "zvh.intake.models.Orientation",  # also the case type
        "LifeDomainsEnum": "zvh.core.life_domains.LifeDomain",
        "CaseStatusEnum": "zvh.cases.models.CaseStatus",
        "EscalationStatusEnum": "zvh.cases.models.EscalationStatus",
        "PlanStatusEnum": "zvh.plans.models.PlanStatus",
        "AgreementStatusEnum": "zvh.plans.models.AgreementStatus",
        "AgreementOutcomeEnum": "zvh.plans.api.OUTCOMES",
        "ConferenceKindEnum": "zvh.conferences.models.ConferenceKind",
        "ConferenceStatusEnum": "zvh.conferences.models.ConferenceStatus",
    },
}

# Content-Security-Policy: no inline script or style anywhere in the UI.
ZVH_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)
X_FRAME_OPTIONS = "DENY"
# A refused form (old, or the session ended) gets the project's 403 page, not Django's.
CSRF_FAILURE_VIEW = "zvh.core.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Lockout counts per user name only: lockout by IP would lock out a whole partner organisation
# behind one government NAT address, and per-name counting treats unknown names like known ones.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Attachments: storage, upload limits, virus scan, downloads (decision 0188)
# Private documents go through the storage API (`STORAGES["private"]`, zvh.core.storage): an
# S3-compatible bucket (MinIO) when ZVH_S3_BUCKET is set, else the directory
# ZVH_PRIVATE_MEDIA_ROOT. The bucket is private; credentials come from the environment.
ZVH_PRIVATE_MEDIA_ROOT = Path(env_str("ZVH_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
ZVH_S3_BUCKET = env_str("ZVH_S3_BUCKET", "")
if ZVH_S3_BUCKET:
    ZVH_PRIVATE_STORAGE: dict[str, object] = {
        "BACKEND": "zvh.core.storage.PrivateS3Storage",
        "OPTIONS": {
            key: value
            for key, value in {
                "bucket_name": ZVH_S3_BUCKET,
                "location": env_str("ZVH_S3_PREFIX", ""),
                "endpoint_url": env_str("ZVH_S3_ENDPOINT_URL", ""),
                "access_key": env_str("ZVH_S3_ACCESS_KEY", ""),
                "secret_key": env_str("ZVH_S3_SECRET_KEY", ""),
                "region_name": env_str("ZVH_S3_REGION", ""),
                # "path" for MinIO behind one host name; "virtual" for bucket subdomains.
                "addressing_style": env_str("ZVH_S3_ADDRESSING_STYLE", "path"),
            }.items()
            if value or key == "location"
        },
    }
else:
    ZVH_PRIVATE_STORAGE = {"BACKEND": "zvh.core.storage.PrivateFileSystemStorage"}
STORAGES["private"] = ZVH_PRIVATE_STORAGE
# An upload larger than this goes to a temporary file while it arrives, never into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
FILE_UPLOAD_TEMP_DIR = env_str("ZVH_UPLOAD_TEMP_DIR", "") or None
# Virus scanning of every stored upload by clamd: a unix socket path or host:port; empty: off.
# When set and clamd does not answer, uploads are refused (fail closed).
ZVH_CLAMD = env_str("ZVH_CLAMD", "")
ZVH_CLAMD_TIMEOUT_SECONDS = env_int("ZVH_CLAMD_TIMEOUT_SECONDS", 30)
# The proxy serves downloads from this internal location (nginx X-Accel-Redirect) when set,
# e.g. "/_private/" mapped onto ZVH_PRIVATE_MEDIA_ROOT; empty: the application streams them.
ZVH_PRIVATE_ACCEL_REDIRECT = env_str("ZVH_PRIVATE_ACCEL_REDIRECT", "")

# --- Container package, probes, technical logs, metrics, error reports (decision 0189)
# Static files may be collected elsewhere than the var directory: the container image collects
# them at build time into its read-only file system.
STATIC_ROOT = Path(env_str("ZVH_STATIC_ROOT", str(VAR_DIR / "static")))
# Checks behind /readyz: dotted paths of django-health-check checks (a check with arguments as
# (path, {options})). Other apps append theirs.
ZVH_READINESS_CHECKS: list[str | tuple[str, dict[str, object]]] = [
    "zvh.core.health.Database",
    "zvh.core.health.PrivateStorage",
]
# /metrics answers only `Authorization: Bearer <this>`; unset, it answers nobody (404).
ZVH_METRICS_TOKEN = env_str("ZVH_METRICS_TOKEN", "")
INSTALLED_APPS.append("django_prometheus")
# Outermost, so that the latency per view covers every other middleware; neither queries.
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    *MIDDLEWARE,
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
# The technical log: plain text here, JSON in production (ZVH_LOG_FORMAT); every line with its
# level, logger, request id and house, and nothing personal (zvh/core/logs.py).
ZVH_LOG_LEVEL = env_str("ZVH_LOG_LEVEL", "INFO")
ZVH_LOG_FORMAT = env_str("ZVH_LOG_FORMAT", "plain")
LOGGING = logging_settings(ZVH_LOG_FORMAT, ZVH_LOG_LEVEL)
# Error reports, only with a DSN; nothing personal is sent (zvh/core/sentry.py).
ZVH_SENTRY_DSN = env_str("ZVH_SENTRY_DSN", env_str("SENTRY_DSN", ""))
ZVH_RELEASE = env_str("ZVH_RELEASE", "")
if ZVH_SENTRY_DSN:
    from zvh.core.sentry import init_sentry

    init_sentry(
        ZVH_SENTRY_DSN,
        environment=env_str("ZVH_SENTRY_ENVIRONMENT", "production"),
        release=ZVH_RELEASE,
    )

# --- background work and the durable outbox (decision 0187)
# Django's tasks API (the django-tasks backport) on the database backend: tasks are rows in the
# same database, written in the same transaction as the work that causes them. A worker
# (`manage.py run_worker`) runs them beside the web processes.
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "zvh.jobs"]
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
# A failed task or e-mail is tried again after 1, 2, 4, ... minutes (at most the cap), up to
# this many attempts in all; then the e-mail stays "failed" for the functional administrator.
ZVH_TASK_MAX_ATTEMPTS = env_int("ZVH_TASK_MAX_ATTEMPTS", 8)
ZVH_TASK_BACKOFF_SECONDS = env_int("ZVH_TASK_BACKOFF_SECONDS", 60)
ZVH_TASK_BACKOFF_MAX_SECONDS = env_int("ZVH_TASK_BACKOFF_MAX_SECONDS", 3600)
# Readiness: red when a ready task has waited longer, or no worker reported for longer.
ZVH_TASK_BACKLOG_MAX_SECONDS = env_int("ZVH_TASK_BACKLOG_MAX_SECONDS", 300)
ZVH_WORKER_HEARTBEAT_MAX_SECONDS = env_int("ZVH_WORKER_HEARTBEAT_MAX_SECONDS", 120)
# Retention (apply_retention): sent e-mails are kept this long, failed ones this long after
# their last attempt, finished task results this long.
ZVH_OUTBOX_SENT_KEEP_DAYS = env_int("ZVH_OUTBOX_SENT_KEEP_DAYS", 30)
ZVH_OUTBOX_FAILED_KEEP_DAYS = env_int("ZVH_OUTBOX_FAILED_KEEP_DAYS", 90)
ZVH_TASK_RESULTS_KEEP_DAYS = env_int("ZVH_TASK_RESULTS_KEEP_DAYS", 14)
# A mail server that does not answer ends the attempt after this many seconds.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
ZVH_READINESS_CHECKS += [
    "zvh.jobs.health.TaskBacklog",
    "zvh.jobs.health.WorkerHeartbeat",
]

# --- Audit chain keys and checkpoints (decision 0190)
# The key of the access log's links (HMAC), outside the database: the value, or a file with one
# key a line (the current key first, former keys after it, kept to verify older events). Former
# keys given as values go in the fallbacks. Unset (development), a key derived from the secret
# key serves; production refuses to start without one (audit/keys.py, docs/operations.md).
ZVH_AUDIT_CHAIN_KEY = env_str("ZVH_AUDIT_CHAIN_KEY", "")
ZVH_AUDIT_CHAIN_KEY_FILE = env_str("ZVH_AUDIT_CHAIN_KEY_FILE", "")
ZVH_AUDIT_CHAIN_KEY_FALLBACKS = env_list("ZVH_AUDIT_CHAIN_KEY_FALLBACKS", [])
# Where `audit_checkpoint` writes the signed checkpoints of every chain head: a directory
# (best on another machine or a write-once mount). A storage named "audit_checkpoints" in
# STORAGES (e.g. an object store bucket with object lock) takes precedence. Unset: none.
ZVH_AUDIT_CHECKPOINT_DIR = env_str("ZVH_AUDIT_CHECKPOINT_DIR", "")
