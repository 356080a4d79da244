"""Environment for the test run, set before pytest-django loads the settings:
development settings (no secret key needed), a fast password hasher, and
permission for Playwright's event loop to share the test thread with the ORM."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_FAST_PASSWORD_HASHER", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Live-server threads would otherwise hold PostgreSQL connections open past teardown.
os.environ.setdefault("DJANGO_CONN_MAX_AGE", "0")
