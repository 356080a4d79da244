"""Environment for the test run, set before pytest-django loads the settings:
development settings (no secret key needed), a fast password hasher, and
permission for Playwright's event loop to share the test thread with the ORM, and the
hypothesis profile (no timing in property tests)."""

import os
import tempfile

os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_FAST_PASSWORD_HASHER", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Live-server threads would otherwise hold PostgreSQL connections open past teardown.
os.environ.setdefault("DJANGO_CONN_MAX_AGE", "0")
# Generated PDFs go to a throwaway folder, not the developer's var/media.
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="toolkit-test-media-"))

# Property tests check what is true, never how fast: no per-example deadline and no
# "too slow" health check, so a busy machine (CI runs both databases side by side)
# cannot fail them. Speed is measured in bench/, against a baseline in the same run.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("toolkit", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("toolkit")
