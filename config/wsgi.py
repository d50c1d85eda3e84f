"""The WSGI entry point for gunicorn (config/gunicorn.conf.py).

Defaults to the production settings, so a server started without DJANGO_SETTINGS_MODULE runs
with every production safeguard rather than the development ones.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
