"""Local development and the demo: SQLite, console e-mail, debug on unless told otherwise."""

from config.env import env_bool, env_list

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# The embedded database lives here; a fresh clone has no such folder yet.
VAR_DIR.mkdir(parents=True, exist_ok=True)
