"""WSGI app for benchmarks: the production app with the bare baseline view added."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toolkit.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
settings.ROOT_URLCONF = "bench.urls"
