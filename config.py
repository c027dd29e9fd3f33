"""Settings for Konzeptwerkstatt, read from the environment (12-factor).

`create_app()` picks a class by `APP_ENV` (development, production, testing); every value
can be overridden by the environment variable of the same name (see README.md).
"""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: list[str] | None) -> list[str] | None:
    value = os.environ.get(name)
    if value is None:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Hosting platforms still hand out postgres:// URLs; SQLAlchemy wants the driver named.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    APP_ENV = "development"
    # Development default only; production refuses to start without SECRET_KEY.
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")  # noqa: S105
    SQLALCHEMY_DATABASE_URI = _database_url(
        f"sqlite:///{BASE_DIR / 'instance' / 'konzeptwerkstatt.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Links in mails and notifications are built from this address, never from the request's
    # Host header (a forged Host would otherwise put an attacker's site into a reset link).
    BASE_URL = os.environ.get("BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '5000')}")
    # Host names the app answers to (Flask refuses others with 400). None: any host, which is
    # fine in development; production defaults to the host of BASE_URL and the local machine.
    TRUSTED_HOSTS = _list("TRUSTED_HOSTS", None)

    # Sessions are signed cookies; Secure is switched on in production.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14
    # A login ends on the server at logout, at "log out everywhere", after a password change
    # and at the latest after these times: without "stay logged in" when the browser closes or
    # after LOGIN_HOURS, with it after REMEMBER_DAYS.
    LOGIN_HOURS = int(os.environ.get("LOGIN_HOURS", "24"))
    REMEMBER_DAYS = int(os.environ.get("REMEMBER_DAYS", "30"))
    REMEMBER_COOKIE_DURATION = timedelta(days=REMEMBER_DAYS)

    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8

    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TIMEZONE", "Europe/Berlin")
    LANGUAGES = ("de", "en", "ar")

    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "5 per minute;30 per hour")
    # If Redis is away, count in each worker's memory rather than refuse every write.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Limits on writing (app/core/ratelimits.py), POSTs per account and per client address.
    # At a dialogue event a whole hall shares one public Wi-Fi address, so the per-address
    # limits are generous and the per-account ones tight. For registering and resetting a
    # password "account" means the e-mail address typed (or the reset link). Staff are
    # exempt: they capture the event's cards.
    REGISTER_RATE_LIMIT_ACCOUNT = os.environ.get("REGISTER_RATE_LIMIT_ACCOUNT", "5 per hour")
    REGISTER_RATE_LIMIT_IP = os.environ.get("REGISTER_RATE_LIMIT_IP",
                                            "100 per 10 minutes;500 per day")
    CONTRIBUTE_RATE_LIMIT_ACCOUNT = os.environ.get("CONTRIBUTE_RATE_LIMIT_ACCOUNT",
                                                   "10 per 10 minutes;60 per day")
    CONTRIBUTE_RATE_LIMIT_IP = os.environ.get("CONTRIBUTE_RATE_LIMIT_IP", "300 per 10 minutes")
    COMMENT_RATE_LIMIT_ACCOUNT = os.environ.get("COMMENT_RATE_LIMIT_ACCOUNT",
                                                "20 per 10 minutes;200 per day")
    COMMENT_RATE_LIMIT_IP = os.environ.get("COMMENT_RATE_LIMIT_IP", "300 per 10 minutes")
    SUPPORT_RATE_LIMIT_ACCOUNT = os.environ.get("SUPPORT_RATE_LIMIT_ACCOUNT", "60 per 10 minutes")
    SUPPORT_RATE_LIMIT_IP = os.environ.get("SUPPORT_RATE_LIMIT_IP", "600 per 10 minutes")
    FLAG_RATE_LIMIT_ACCOUNT = os.environ.get("FLAG_RATE_LIMIT_ACCOUNT", "10 per hour;30 per day")
    FLAG_RATE_LIMIT_IP = os.environ.get("FLAG_RATE_LIMIT_IP", "100 per hour")
    PASSWORD_RESET_RATE_LIMIT_ACCOUNT = os.environ.get("PASSWORD_RESET_RATE_LIMIT_ACCOUNT",
                                                       "5 per hour")
    PASSWORD_RESET_RATE_LIMIT_IP = os.environ.get("PASSWORD_RESET_RATE_LIMIT_IP", "50 per hour")

    # Public pages for anonymous readers are kept this many seconds at most, and only while
    # nothing was written (app/core/pagecache.py); 0 switches it off. With
    # PAGE_CACHE_REDIS_URL the app's workers and hosts share the kept pages.
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
    PAGE_CACHE_REDIS_URL = os.environ.get("PAGE_CACHE_REDIS_URL")

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_FROM = os.environ.get("MAIL_FROM", "Konzeptwerkstatt <noreply@localhost>")
    OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
    # Staff may read the outbox in the UI: for development only, so off unless switched on.
    # Secret links (password reset, confirmation) are shown to their recipient only.
    OUTBOX_UI = _bool("OUTBOX_UI", False)
    # Sent or failed mails and notifications are deleted after this many days by
    # `flask privacy purge`: they hold addresses and are of no use once read.
    RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "180"))
    # A measure without a progress entry for this many months is marked "Stand veraltet".
    IMPLEMENTATION_STALE_MONTHS = int(os.environ.get("IMPLEMENTATION_STALE_MONTHS", "6"))

    # Where photos of event cards are kept (outside static; default: instance/photos).
    PHOTO_FOLDER = os.environ.get("PHOTO_FOLDER")
    # Uploaded lists waiting between preview and import (default: instance/imports).
    IMPORT_FOLDER = os.environ.get("IMPORT_FOLDER")

    # Background jobs (app/core/jobs.py). Without JOBS_REDIS_URL they run in the web process
    # (embedded); with it, in `flask jobs worker` processes on any host (README, Production).
    JOBS_REDIS_URL = os.environ.get("JOBS_REDIS_URL") or None
    JOBS_NAMESPACE = os.environ.get("JOBS_NAMESPACE", "konzeptwerkstatt-jobs")
    # A worker silent for this long counts as dead: its unfinished jobs go back to the queue.
    JOBS_HEARTBEAT_SECONDS = float(os.environ.get("JOBS_HEARTBEAT_SECONDS", "60"))
    # Per million broker commands, how many also look for dead workers (Dramatiq's default
    # is 1,000; 10,000 finds them within a few minutes on an idle queue).
    JOBS_MAINTENANCE_CHANCE = int(os.environ.get("JOBS_MAINTENANCE_CHANCE", "10000"))
    JOBS_MIN_BACKOFF_SECONDS = float(os.environ.get("JOBS_MIN_BACKOFF_SECONDS", "15"))
    JOBS_EMBEDDED_WORKER = _bool("JOBS_EMBEDDED_WORKER", True)
    JOBS_EMBEDDED_THREADS = int(os.environ.get("JOBS_EMBEDDED_THREADS", "2"))
    JOBS_PERIODIC = _bool("JOBS_PERIODIC", True)  # queue the outbox and the digest
    # Rendered exports and photos: "database" (default, shared by every host) or "folder".
    STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "database")
    STORAGE_FOLDER = os.environ.get("STORAGE_FOLDER")

    # Number of reverse proxies in front of the app whose X-Forwarded-* headers we trust.
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

    # Werkzeug's scrypt: memory-hard, salted; tests use a cheaper setting to stay fast.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a hash algorithm, not a password

    # Uploads (photos of event cards, import files) are checked by the views for their own
    # limits; anything beyond this is refused by Werkzeug with 413 before it is read.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(60 * 1024 * 1024)))

    CONFIRM_TOKEN_MAX_AGE = 60 * 60 * 24 * 7
    RESET_TOKEN_MAX_AGE = 60 * 60 * 2


class DevelopmentConfig(Config):
    OUTBOX_UI = _bool("OUTBOX_UI", True)


class ProductionConfig(Config):
    APP_ENV = "production"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECRET_KEY = os.environ.get("SECRET_KEY")
    BASE_URL = os.environ.get("BASE_URL")
    # Unless set: the host of BASE_URL and the local machine (health checks on the host).
    TRUSTED_HOSTS = _list("TRUSTED_HOSTS", None)


class TestingConfig(Config):
    APP_ENV = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret"  # noqa: S105 - tests only
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    PAGE_CACHE_SECONDS = 0  # on only in tests/core/test_pagecache.py
    MAIL_SERVER = "127.0.0.1"
    BASE_URL = "http://localhost"
    OUTBOX_UI = True
    JOBS_REDIS_URL = None  # tests that need Redis make an app of their own
    JOBS_EMBEDDED_WORKER = False  # tests run jobs when they mean to (fixture job_worker)
    JOBS_PERIODIC = False
    JOBS_MIN_BACKOFF_SECONDS = 0.05
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}


def config_for(name: str | None = None) -> type[Config]:
    return CONFIGS[name or os.environ.get("APP_ENV", "development")]
