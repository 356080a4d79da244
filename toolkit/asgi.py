"""ASGI entry point (unused in production, kept for completeness)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toolkit.settings")

application = get_asgi_application()
