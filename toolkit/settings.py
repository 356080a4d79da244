"""Settings for the PAIR Commissioning Toolkit.

One module, driven by environment variables (see README "Configuration"). Every
variable is read through the small ``env_*`` helpers below, which raise
``ImproperlyConfigured`` naming the variable when its value is invalid, so a bad
deployment fails at start-up rather than at the first request.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from commissioning.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off. "
            "Set DJANGO_SECRET_KEY to a long random string, or DJANGO_DEBUG=1 for development."
        )
    # Development only: a fixed, obviously insecure key so sessions survive restarts.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production-" + "x" * 20

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # Bootstrap's CSS and JS, shipped by django-bootstrap-static (no CDN)
    "axes",
    "reversion",
    "commissioning.core",
    "commissioning.accounts",
    "commissioning.knowledge",
    "commissioning.assessment",
    "commissioning.cases",
    "commissioning.areas",
    "commissioning.prices",
    "commissioning.benchmarks",
    "commissioning.servicemap",
    "commissioning.datasafety",
    # Before django_tasks_db: its db_worker command is extended here (sweeps stranded jobs).
    "commissioning.render_queue",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses HTML when the client accepts gzip (static files come precompressed
    # from whitenoise). BREACH: Django masks the CSRF token afresh on every response
    # and this middleware pads each one with random bytes ("Heal the Breach"); the
    # session is a cookie, never in a body. See docs/PERFORMANCE.md.
    "django.middleware.gzip.GZipMiddleware",
    # Outermost of ours: a database outage anywhere below becomes a clean 503.
    "commissioning.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # NUL characters anywhere in a request, and files sent to views that take none: 400.
    "commissioning.core.request_checks.RequestChecksMiddleware",
    "commissioning.core.downloads.NoStoreDownloadsMiddleware",
    # axes must come last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "toolkit.urls"
WSGI_APPLICATION = "toolkit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "commissioning.core.context_processors.site",
            ],
        },
    },
]

# Django's form renderer, with plain inputs, textareas and selects written in Python
# (the same markup, much faster on the case builder's long forms): docs/PERFORMANCE.md.
FORM_RENDERER = "commissioning.core.widget_rendering.QuickWidgetRenderer"

# --- Database -------------------------------------------------------------------------
# DATABASE_URL absent: a SQLite file under var/ (zero set-up). Production: PostgreSQL,
# e.g. postgres://user:password@host:5432/dbname
DATABASE_URL = env_str("DATABASE_URL", default="")
if DATABASE_URL:
    try:
        _db = dj_database_url.parse(DATABASE_URL)
    except Exception as exc:  # dj-database-url raises several types; name the variable.
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
    if _db.get("ENGINE") not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise ImproperlyConfigured(
            "DATABASE_URL must point at PostgreSQL (postgres://...) or SQLite (sqlite:///...)."
        )
else:
    VAR_DIR.mkdir(exist_ok=True)
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "db.sqlite3"}

if _db["ENGINE"] == "django.db.backends.postgresql":
    _db.setdefault("TEST", {})["NAME"] = env_str("DJANGO_TEST_DB_NAME", default="") or None
else:
    # IMMEDIATE transactions and WAL cut "database is locked" errors under concurrency.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
# Persistent connections (both engines) with a health check, so a restarted database is
# noticed on the next request instead of failing it, and no request pays for opening a
# connection (for SQLite, also its start-up PRAGMAs): docs/PERFORMANCE.md.
_db["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", default=60, minimum=0)
_db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so a locked-out login stops here
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
INVITATION_MAX_AGE_DAYS = env_int("INVITATION_MAX_AGE_DAYS", default=7, minimum=1)

# Login throttling: 5 failures for one username from one address locks that pair out
# for an hour. Keyed on username+IP so an attacker cannot lock everyone out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Failures count against the trimmed, case-folded address (see accounts/lockout.py).
AXES_USERNAME_CALLABLE = "commissioning.accounts.lockout.axes_username"
AXES_VERBOSE = False

# Sessions live in the database, so several app servers can share them. Two weeks,
# so an interrupted self-assessment is never lost to a timeout.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 24 * 14, minimum=300)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
    if env_bool("DJANGO_BEHIND_PROXY", default=False):
        # The load balancer terminates TLS and says so in X-Forwarded-Proto.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        AXES_IPWARE_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", default=1, minimum=1)
    SILENCED_SYSTEM_CHECKS = (
        # HSTS preload is opt-in: a domain on the preload list cannot easily leave it.
        ["security.W021"] if not SECURE_HSTS_PRELOAD else []
    )

# --- Email ----------------------------------------------------------------------------
# Development prints emails to the console; production sends through SMTP.
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = env_str("DJANGO_EMAIL_BACKEND", default="console" if DEBUG else "smtp")
if _email_backend not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"DJANGO_EMAIL_BACKEND must be one of {', '.join(_EMAIL_BACKENDS)}; got {_email_backend!r}."
    )
_mailer = {"BACKEND": _EMAIL_BACKENDS[_email_backend]}
if _email_backend == "smtp":
    _mailer["OPTIONS"] = {
        "host": env_str("DJANGO_EMAIL_HOST", default="localhost"),
        "port": env_int("DJANGO_EMAIL_PORT", default=25, minimum=1, maximum=65535),
        "username": env_str("DJANGO_EMAIL_HOST_USER", default=""),
        "password": env_str("DJANGO_EMAIL_HOST_PASSWORD", default=""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=False),
        "timeout": 10,
    }
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", default="toolkit@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CONTACT_EMAIL = env_str("CONTACT_EMAIL", default="pair-toolkit@example.org")

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
if not MEDIA_ROOT.is_absolute():
    raise ImproperlyConfigured(f"DJANGO_MEDIA_ROOT must be an absolute path; got {MEDIA_ROOT}.")
STORAGES = {
    # Generated documents (PDFs). Several app servers and workers must share this
    # directory (an NFS/EFS-style mount): see README "Deploying".
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},  # MEDIA_ROOT
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Development serves files from the finders, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Cache ----------------------------------------------------------------------------
# A shared database cache by default, so every app server sees the same entries.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "toolkit_cache",
    }
}
if env_str("REDIS_URL", default=""):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
    }
# Rendered public knowledge-base pages, per process; invalidated through a generation
# number kept in the shared default cache (see commissioning/knowledge/caching.py).
CACHES["knowledge_pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "knowledge-pages",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
# Template fragments ({% cache %}) of signed-in pages, per process, each keyed by the
# content version of what it shows (a case's version, the knowledge generation), so a
# change is a new key rather than a stale hit. Never a whole signed-in page.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "OPTIONS": {"MAX_ENTRIES": 500},
}

# --- Background tasks and generated documents ----------------------------------------
# PDFs are rendered by `manage.py db_worker` (django-tasks-db) from a queue in the
# database. "immediate" renders inline in the request instead (development and tests).
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks_backend = env_str("DJANGO_TASKS_BACKEND", default="immediate" if DEBUG else "database")
if _tasks_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"DJANGO_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}; got {_tasks_backend!r}."
    )
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[_tasks_backend],
        "QUEUES": ["default", "documents"],
    }
}
# Each kind of generated document: its name -> the DocumentKind that renders it.
DOCUMENT_KINDS = {
    "assessment_results": "commissioning.assessment.results_document.RESULTS_PDF",
    "business_case": "commissioning.cases.business_case.CASE_PDF",
    "business_case_docx": "commissioning.cases.business_case.CASE_DOCX",
}
# A render is stopped after this many seconds (SIGALRM in the worker).
DOCUMENT_RENDER_TIMEOUT = env_int("DOCUMENT_RENDER_TIMEOUT", default=120, minimum=1)
# A job still "running" this long after it started has lost its worker (killed, out of
# memory, machine gone): it is queued again, or failed after DOCUMENT_MAX_ATTEMPTS.
DOCUMENT_STALE_AFTER = env_int(
    "DOCUMENT_STALE_AFTER", default=DOCUMENT_RENDER_TIMEOUT + 60, minimum=1
)
if DOCUMENT_STALE_AFTER <= DOCUMENT_RENDER_TIMEOUT:
    raise ImproperlyConfigured(
        "DOCUMENT_STALE_AFTER must be longer than DOCUMENT_RENDER_TIMEOUT, or live jobs "
        f"would be taken for lost ones; got {DOCUMENT_STALE_AFTER} <= {DOCUMENT_RENDER_TIMEOUT}."
    )
DOCUMENT_MAX_ATTEMPTS = env_int("DOCUMENT_MAX_ATTEMPTS", default=2, minimum=1)
# A job no worker has picked up after this long fails ("try again later").
DOCUMENT_QUEUE_TIMEOUT = env_int("DOCUMENT_QUEUE_TIMEOUT", default=600, minimum=1)
# How often each worker looks for stranded jobs (besides at start).
DOCUMENT_SWEEP_INTERVAL = env_int("DOCUMENT_SWEEP_INTERVAL", default=30, minimum=1)

# --- Forms, i18n, logging -------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="WARNING")},
}

if env_bool("DJANGO_FAST_PASSWORD_HASHER", default=False):
    # Tests only: PBKDF2 at 1.5M iterations costs half a second per login.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CSRF_FAILURE_VIEW = "commissioning.core.views.csrf_failure"
# Benchmarks: no figure for a group of fewer organisations than this (at least 3).
BENCHMARK_MIN_GROUP = env_int("BENCHMARK_MIN_GROUP", default=5, minimum=3)
