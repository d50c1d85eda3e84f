"""The WSGI entry point for gunicorn (config/gunicorn.conf.py).

Defaults to the production settings, so a server started without DJANGO_SETTINGS_MODULE runs
with every production safeguard rather than the development ones.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import logging

from django.conf import settings
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

# Once per worker process: what an operator checks first after a deployment.
logging.getLogger("zvh.startup").info(
    "application server ready: settings %s, release %s, database %s",
    os.environ["DJANGO_SETTINGS_MODULE"],
    settings.ZVH_RELEASE or "unknown",
    settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
)
