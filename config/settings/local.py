"""Local development and the demo: SQLite, console e-mail, debug on unless told otherwise."""

from config.env import env_bool, env_list

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
