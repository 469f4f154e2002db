"""Settings for Strategiewerkstatt.

Everything that differs between a laptop and production comes from environment variables:
DJANGO_SECRET_KEY (required unless DJANGO_DEBUG=1), DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS, DATABASE_URL, DJANGO_SECURE (HTTPS hardening),
DJANGO_TRUSTED_PROXIES (load balancers in front, see LIVE_TRUSTED_PROXIES),
DJANGO_TECHNICAL_404 (with DJANGO_DEBUG=1: Django's technical 404 page listing every URL instead
of the German one), DJANGO_PRIVACY_URL (the full privacy statement, linked from the live
workshop's join pages; no link while empty).
Without DATABASE_URL the embedded SQLite database is used, so `make run` needs nothing installed.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG", False)
# With DEBUG on a 404 still shows the German page people see in production
# (workshops/middleware.py); a developer looking for a URL pattern asks for Django's list.
TECHNICAL_404 = env_flag("DJANGO_TECHNICAL_404", False)
# Production refuses to start with a key everybody knows; development (DJANGO_DEBUG=1) may use one.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY to a long random secret (for example: python -c "
            "'import secrets; print(secrets.token_urlsafe(50))'), or DJANGO_DEBUG=1 for development."
        )
    SECRET_KEY = "django-insecure-development-key-only"

ALLOWED_HOSTS = [
    host
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "workshops",
    "fields",
    "measures",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "workshops.middleware.HtmxFailureMiddleware",
    "workshops.middleware.NotFoundPageMiddleware",
]

ROOT_URLCONF = "strategy_workshop.urls"
WSGI_APPLICATION = "strategy_workshop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% partialdef %} everywhere without {% load %}, as in Django 6 where it is core.
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
# The embedded SQLite database must carry a small live workshop from a laptop: phones pressing
# at once wait for each other instead of failing with "database is locked". Every transaction
# takes the write lock when it begins (IMMEDIATE: a transaction that has read cannot be refused
# when it then writes), a writer waits up to 20 s for the one before it, and WAL lets the polls
# read while someone writes.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workshops:dashboard"
LOGOUT_REDIRECT_URL = "login"
# A German page that says the session or page expired and how to continue.
CSRF_FAILURE_VIEW = "workshops.errors.csrf_failure"

# German for everyone; English exists in the catalogue sources (msgids) for a later language switch.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The print fonts decompressed from WOFF2 (workshops/pdf.py), shared by all processes of this
# installation; a directory that cannot be written only costs each process the decompression.
# PDFs are rendered in the background (workshops/rendering.py) by `manage.py db_worker`, which
# takes its work from the database: the same on SQLite and on PostgreSQL with workers on
# several machines.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

PDF_FONT_CACHE_DIR = Path(
    os.environ.get("DJANGO_PDF_FONT_CACHE_DIR", BASE_DIR / ".cache" / "fonts")
)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_flag("DJANGO_MANIFEST_STATIC", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Production hardening, switched on with DJANGO_SECURE=1 behind HTTPS.
if env_flag("DJANGO_SECURE", False):
    SECURE_SSL_REDIRECT = True
    # The load balancer's health check may ask over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors_without_traceback": {
            "()": "strategy_workshop.logging.ClientErrorsWithoutTraceback"
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # A refused request (403) is one warning line, not a traceback.
    "loggers": {"django.request": {"filters": ["client_errors_without_traceback"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# How many load balancers in front of the app append the client's address to X-Forwarded-For
# (nginx: `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`). The live workshop counts
# wrong join codes per address; behind a proxy without this, all phones share the proxy's.
LIVE_TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))

# The operator's full privacy statement (Datenschutzerklärung). The live workshop's join pages
# link to it beside their short notice; empty: no link.
PRIVACY_URL = os.environ.get("DJANGO_PRIVACY_URL", "")
