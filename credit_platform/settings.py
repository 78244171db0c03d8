"""Settings, read from the environment (see README "Configuration")."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from credit_platform.embedded import EmbeddedPostgres, EmbeddedRedis, data_dir
from credit_platform.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
# A bad or missing value stops the start with one clear line, not a traceback.
env = Env(exit_on_error=True)


def _embedded_url(server: EmbeddedPostgres | EmbeddedRedis, template: str) -> str | None:
    """The URL of an embedded server that `make demo` or `make test` left running here."""
    port = server.running_port()
    return template.format(port=port) if port else None


DEBUG = env.boolean("DJANGO_DEBUG", False)
SECRET_KEY = (
    env.string("SECRET_KEY", "insecure-development-key-never-use-in-production")
    if DEBUG
    else env.required_str("SECRET_KEY", "when DJANGO_DEBUG is off (production mode)")
)
ALLOWED_HOSTS = env.strings(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
DATABASE_URL = (
    env.optional_str("DATABASE_URL")
    or _embedded_url(
        EmbeddedPostgres(data_dir()), "postgres://postgres@127.0.0.1:{port}/credit_platform"
    )
    or "postgres://postgres@127.0.0.1:5432/credit_platform"
)
REDIS_URL = (
    env.optional_str("REDIS_URL")
    or _embedded_url(EmbeddedRedis(data_dir()), "redis://127.0.0.1:{port}/0")
    or "redis://127.0.0.1:6379/0"
)
CSRF_TRUSTED_ORIGINS = env.strings("CSRF_TRUSTED_ORIGINS", [])
SECURE_COOKIES = env.boolean("SECURE_COOKIES", not DEBUG)
EMAIL_BACKEND = env.string("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "noreply@credit.hainan.gov.cn")
# The public origin for links in emails (https://credit.example.gov.cn); else the request's.
SITE_URL = env.string("SITE_URL", "").rstrip("/")
CONN_MAX_AGE = env.integer("DB_CONN_MAX_AGE", 60)
LOG_LEVEL = env.string("LOG_LEVEL", "INFO")


INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "guardian",
    "credit_platform",
    "catalogue",
    "collection",
    "disclosure",
    "commitments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "credit_platform.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "credit_platform.urls"
WSGI_APPLICATION = "credit_platform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "credit_platform.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": {
        **dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True),
        # Every request is one transaction: a failed write never leaves half of itself behind.
        "ATOMIC_REQUESTS": True,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "credit",
    }
}

AUTH_USER_MODEL = "credit_platform.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# guardian: no anonymous user row; anonymous visitors never hold object permissions.
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
# Each app keeps its translations in <app>/locale/ (found through INSTALLED_APPS).
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".data" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# In debug mode WhiteNoise serves straight from the app folders, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env.string("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")))
MEDIA_URL = "/media/"

SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "credit_platform.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": env.string("API_ANON_THROTTLE", "60/min")},
    # How many reverse proxies put an address in X-Forwarded-For. With 0 the limit counts the
    # connection's own address: a caller cannot escape it by sending a made-up header.
    "NUM_PROXIES": env.integer("API_NUM_PROXIES", 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hainan Free Trade Port Public Credit Information Sharing Platform API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from local static files: the platform runs on closed government networks.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Celery. Every choice below has a reason next to it.
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None  # results live in our own tables (submission status), not Redis
CELERY_TASK_IGNORE_RESULT = True
# Acknowledge after the task ran: a killed worker's task is delivered again, not lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One task at a time per process: long validation tasks are not hoarded by one worker.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Soft limit lets a task record "failed" itself; the hard limit kills a stuck process.
CELERY_TASK_SOFT_TIME_LIMIT = env.integer("CELERY_TASK_SOFT_TIME_LIMIT", 50 * 60)
CELERY_TASK_TIME_LIMIT = env.integer("CELERY_TASK_TIME_LIMIT", 55 * 60)
# Longer than the hard limit, or Redis would redeliver a task that is still running.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
# JSON only: a pickled message from a compromised broker could run code.
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic work, all in one place; each task takes a lock and works in bounded batches.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "clear-expired-sessions": {
        "task": "credit_platform.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
    },
    # Inquiry logs are kept for policy inquiry_log_retention_years, then purged in batches.
    "disclosure-purge-inquiries": {
        "task": "disclosure.tasks.purge_inquiries",
        "schedule": crontab(hour=3, minute=41),
    },
    # A broker outage or a killed worker delays a submission; this makes sure none is lost.
    "requeue-stalled-submissions": {
        "task": "collection.tasks.requeue_stalled_submissions",
        "schedule": 60.0,
    },
    "expire-credit-records": {
        "task": "collection.tasks.expire_records",
        "schedule": crontab(hour=0, minute=30),
    },
}

# Collection: upload limits and the pipeline's pace.
SUBMISSION_MAX_FILE_BYTES = env.integer("SUBMISSION_MAX_FILE_BYTES", 50 * 1024 * 1024)
SUBMISSION_MAX_FILE_ROWS = env.integer("SUBMISSION_MAX_FILE_ROWS", 200_000)
SUBMISSION_MAX_API_RECORDS = env.integer("SUBMISSION_MAX_API_RECORDS", 10_000)
# The uncompressed size of an XLSX's parts; above it the file is refused unopened (zip bombs).
SUBMISSION_XLSX_MAX_UNCOMPRESSED_BYTES = env.integer(
    "SUBMISSION_XLSX_MAX_UNCOMPRESSED_BYTES", 400 * 1024 * 1024
)
# A file with a larger share of invalid rows is rejected whole (0.5 = half of the rows).
SUBMISSION_MAX_INVALID_SHARE = env.number("SUBMISSION_MAX_INVALID_SHARE", 0.5)
SUBMISSION_CHUNK_ROWS = env.integer("SUBMISSION_CHUNK_ROWS", 5000)
# Database connections a worker merges a submission's chunks on at once (1: one at a time).
MERGE_CONNECTIONS = env.integer("MERGE_CONNECTIONS", 2)
# Received or validating without a heartbeat for this long: the periodic task queues it again.
SUBMISSION_STALL_SECONDS = env.integer("SUBMISSION_STALL_SECONDS", 300)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.integer("DATA_UPLOAD_MAX_MEMORY_SIZE", 60 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
