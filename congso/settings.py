"""Settings of Cổng số, read from the environment.

Every value has a safe embedded default (SQLite under ``var/``, local-memory cache, files
under ``var/media``) except ``SECRET_KEY``, which production must set.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CONGSO_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from exc


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Cần SECRET_KEY khi DEBUG tắt: đặt SECRET_KEY là một chuỗi ngẫu nhiên dài, "
            "hoặc đặt DEBUG=1 khi phát triển trên máy mình.\n"
            "SECRET_KEY is required when DEBUG is off: set SECRET_KEY to a long random string, "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-0123456789abcdefghij"

# Host names of the portals created by `congso portal-create`: <slug>.<CONGSO_PORTAL_DOMAIN>.
CONGSO_PORTAL_DOMAIN = os.environ.get("CONGSO_PORTAL_DOMAIN", "congso.local").strip().strip(".")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    ["127.0.0.1", "localhost", "[::1]", f".{CONGSO_PORTAL_DOMAIN}"] if DEBUG else [],
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# How long an anonymous visitor's portal page stays cached (0: no page cache).
CONGSO_PAGE_CACHE_SECONDS = env_int("CONGSO_PAGE_CACHE_SECONDS", 600)
# How long a server process keeps the site and portal of a host name it has looked up.
CONGSO_SITE_LOOKUP_SECONDS = env_int("CONGSO_SITE_LOOKUP_SECONDS", 60)

INSTALLED_APPS = [
    "congso.core",
    "congso.directory",
    "congso.portal",
    "congso.stats",
    "congso.workplan",
    "congso.onestop",
    "django_tasks_db",
    "axes",
    "wagtail.sites",
    "congso.core.apps.UsersAppConfig",  # wagtail.users with our forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' portal pages from the cache (before sessions: a hit costs no query).
    "congso.portal.cache.PortalPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Lets pages keep what they read about themselves for the rest of a GET.
    "congso.core.reading.ReadingRequestMiddleware",
    # Before Wagtail's views: bounds their searches and refuses ids that cannot be keys.
    "congso.core.backoffice.middleware.AdminInputMiddleware",
    # Last, as axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congso.urls"
WSGI_APPLICATION = "congso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "congso" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "congso.portal.context_processors.portal_frame",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
_default_db = f"sqlite:///{VAR_DIR / 'congso.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL", _default_db),
            conn_max_age=env_int("CONN_MAX_AGE", 0),
        )
    }
except ValueError as exc:  # dj-database-url raises ValueError for unknown schemes
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database address Django knows: {exc}"
    ) from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets the web process read while the task worker writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME") or None}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's GIN indexes, which need this app (postgres.E005).
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory unless CACHE_URL (redis://…) is given.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "congso",
        }
    }
elif CACHE_URL in ("", "locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis://, rediss:// or unix://, or be empty; got {CACHE_URL!r}"
    )

# Background work: Django's tasks API on the database backend; a worker runs them
# (`congso worker`). TASKS_IMMEDIATE=1 runs them inline, for scripts and some tests.
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default", "imports"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# Sign-in: axes counts failures per account and per address and locks either for a while; the
# account is found whatever the case of its name (congso/core/accounts.py).
AUTHENTICATION_BACKENDS = [
    "congso.core.accounts.LoginThrottleBackend",
    "congso.core.accounts.CaseInsensitiveModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "congso.core.accounts.axes_username"
AXES_LOCKOUT_CALLABLE = "congso.core.accounts.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every command; lockouts are still logged
AXES_ENABLE_ADMIN = False  # no django.contrib.admin: lockouts are in Settings of the back office
AXES_CLIENT_IP_CALLABLE = "congso.core.accounts.client_address"
# Production sits behind one reverse proxy (see SECURE_PROXY_SSL_HEADER below): the client's
# address is the last one the proxy appended to X-Forwarded-For, not the proxy's own.
BEHIND_PROXY = env_bool("BEHIND_PROXY", not DEBUG)

# Vietnamese first, English second: everyone gets Vietnamese whatever their browser asks for
# (hence no LocaleMiddleware); a staff user may choose English in their account settings.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "congso" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["congso.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

# Files: local disk by default; any S3-compatible store through django-storages when
# MEDIA_STORAGE names its backend (e.g. storages.backends.s3.S3Storage).
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
WHITENOISE_USE_FINDERS = DEBUG
if DEBUG:
    # Whitenoise expects the folder even when it serves from the finders.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Email: the console in development, SMTP from the environment in production.
EMAIL_BACKEND_NAME = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_NAME}}
if EMAIL_BACKEND_NAME.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "congso@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict unless DEBUG; a reverse proxy terminates TLS in production.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a promise to browsers that is slow to take back: only when asked.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail's live preview shows the site inside its own admin, in a frame of the same origin.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
if not DEBUG and not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")  # preload is off by choice (see above)

# Content-Security-Policy: everything from our own origin. Wagtail 8's admin shows previews of
# chosen and uploaded images as data: and blob: addresses, and previews pages in a frame.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF, "blob:"],
    "worker-src": [CSP.SELF, "blob:"],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}
# Wagtail 8's admin still writes a few inline scripts (date and time pickers, inline panels of
# the page editor) and its jQuery plugins build markup with style attributes, so its screens
# alone may run inline scripts and styles (congso/urls.py).
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
}
# No staff screen uses the camera, the microphone or the location, nor lets a third party.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

WAGTAIL_SITE_NAME = "Cổng số"
WAGTAILADMIN_USER_LOGIN_FORM = "congso.core.forms.LoginForm"
# The body that runs this installation, named on the login page and the dashboard.
CONGSO_ORGANISATION_NAME = os.environ.get("CONGSO_ORGANISATION_NAME", "").strip()
# The address in e-mails: BASE_URL when set, else the address `congso serve` serves (it exports
# CONGSO_SERVED_URL to itself and its worker).
WAGTAILADMIN_BASE_URL = (
    os.environ.get("BASE_URL") or os.environ.get("CONGSO_SERVED_URL") or "http://127.0.0.1:8000"
)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
# No avatars from gravatar.com: it would send staff emails abroad, and offline it shows broken.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor calls to wagtail.org from staff browsers: the admin must work on a closed network.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]

# Where the real public data lives (the shared data folder next to the checkout).
CONGSO_DATA_DIR = Path(os.environ.get("CONGSO_DATA_DIR", BASE_DIR.parent / "shared" / "data"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handler for "django" prints when DEBUG is on and so does the root's:
        # every message of Django's loggers (the worker's task states among them) came twice.
        # No ADMINS are set, so its mail handler had nothing to do.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "INFO"},
    },
}

# Work programme: reminders this many days before a deadline (and once when it passes).
WORKPLAN_REMINDER_DAYS = tuple(
    int(days) for days in env_list("WORKPLAN_REMINDER_DAYS", ["7", "1"]) if days.strip()
)
# One-stop services: who sends the applicants' e-mails and SMS (a class with a
# ``send(notification)`` method), the largest file an applicant may upload, the kinds accepted.
ONESTOP_SENDER = os.environ.get("ONESTOP_SENDER", "congso.onestop.notify.ConsoleSender")
ONESTOP_MAX_UPLOAD_MB = env_int("ONESTOP_MAX_UPLOAD_MB", 10)
ONESTOP_UPLOAD_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "doc", "docx")
# Applicants' files: outside MEDIA_ROOT, served only by a view that checks the reader's scope.
ONESTOP_PRIVATE_ROOT = os.environ.get("ONESTOP_PRIVATE_ROOT", str(VAR_DIR / "private"))
# Days an applicant's personal data and files are kept after the dossier closes (0: always).
ONESTOP_RETENTION_DAYS = env_int("ONESTOP_RETENTION_DAYS", 1825)
