"""Engage settings: everything that varies between machines comes from environment variables.

Embedded defaults (no variables set) give a single-machine demo: SQLite, in-process tasks,
local-memory cache, mail printed to the console. Production sets DJANGO_DEBUG=false and real
values; the settings then fail closed (no secret key → refuse to start).
"""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ENGAGE_VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    """Read a setting; NAME_FILE (a path, e.g. a Docker secret) wins over NAME."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = env(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
TESTING = env_bool("ENGAGE_TESTING", "pytest" in sys.modules)


def _secret_key():
    key = env("DJANGO_SECRET_KEY")
    if key:
        return key
    # No key given: a random one generated once for this installation and kept in var/ (never
    # a fixed dummy). Several web nodes need a shared DJANGO_SECRET_KEY; the deploy check
    # engage.W001 fails `check --deploy` until it is set.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY_FROM_ENV = bool(env("DJANGO_SECRET_KEY"))
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("ENGAGE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Our apps first so their templates override allauth's.
    "accounts",
    "workspaces",
    "notifications",
    "moderation",
    "comments",
    "inbound",
    "links",
    "wikis",
    "documents",
    "forums",
    "surveys",
    "consultations",
    "blogs",
    "polls",
    "risks",
    "diaries",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "guardian",
    "django_htmx",
    "django_filters",
    "csp",
]
if TESTING:
    # A one-model tool that exists only in tests, to test the core permission layer on its own.
    INSTALLED_APPS.append("tests.dummytool")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The reader's time zone (User.time_zone) for every date shown.
    "accounts.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "workspaces.permissions.decorators.AnonymousToLoginMiddleware",
    "csp.middleware.CSPMiddleware",
    # Control characters in the path, a parameter or a form field: a clear 400 (workspaces.edge).
    "workspaces.edge.RefuseControlCharactersMiddleware",
]

ROOT_URLCONF = "engage.urls"
WSGI_APPLICATION = "engage.wsgi.application"

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
                "csp.context_processors.nonce",
                "workspaces.context_processors.engage",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# Database: SQLite file by default; DATABASE_URL (postgres://...) in production and CI.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'engage.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the dev server read while a request writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
else:
    # An unreachable database fails fast (and /readyz answers) instead of hanging a worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A stalled Redis must not hang every request (or /readyz).
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if TESTING:
    # Test processes (xdist workers, repeated runs) sharing one Redis must not see each other's
    # keys, e.g. allauth's rate-limit counters.
    CACHES["default"]["KEY_PREFIX"] = f"test{os.getpid()}"

# Whether every process sees one cache: answers cached under the access epoch (the bell's count)
# are only kept in a shared one (Redis), or where there is one process (tests, the dev server);
# per-process caches in several processes would each miss the others' changes.
CACHE_SHARED = bool(REDIS_URL) or TESTING or DEBUG

# Celery: Redis broker when REDIS_URL is set, otherwise tasks run in-process (eager).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL) or "memory://"
CELERY_RESULT_BACKEND = None
# Tests run tasks in-process even against Redis; a test that wants a real worker says so.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL or TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task a lost worker held is delivered again after this many seconds: longer than the longest task.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "3600"))}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULE = {
    # Licence expiry reminders, every morning; each is sent once however often this runs.
    "licence-reminders": {"task": "workspaces.tasks.send_licence_reminders", "schedule": crontab(hour=7, minute=0)},
    # Digests: who has reached their digest hour in their own time zone (each digest sent once).
    "notification-digests": {"task": "notifications.tasks.plan_digests", "schedule": crontab(minute="*/15")},
    # Scheduled reminders ("closes tomorrow") whose time has come.
    "notification-reminders": {"task": "notifications.tasks.send_due_reminders",
                               "schedule": crontab(minute="*/15")},
    # The outbox sweep: whatever a Redis outage or a lost worker left unsent goes out now.
    "mail-sweep": {"task": "workspaces.tasks.sweep_outbox", "schedule": crontab(minute="*/5")},
    # Replies by email a Redis outage or a lost worker left unprocessed are processed now.
    "inbound-sweep": {"task": "inbound.tasks.sweep_inbound", "schedule": crontab(minute="*/5")},
    # Fan-outs (to every member) a lost task left unfinished are resumed.
    "notification-fanouts": {"task": "notifications.tasks.resume_fanouts", "schedule": crontab(minute="*/5")},
    # Drafts untouched for ENGAGE_DRAFT_DAYS, and kept forms nobody came back for.
    "drafts-purge": {"task": "workspaces.tasks.purge_drafts", "schedule": crontab(minute=40)},
    # Windows that opened or closed (comments on a document, surveys, consultations): followers told once.
    "lifecycles": {"task": "workspaces.tasks.advance_lifecycles", "schedule": crontab(minute="*/5")},
    # Blog posts scheduled for a time: told of (followers, announcements) within a minute of it.
    "blog-publishing": {"task": "blogs.tasks.publish_due", "schedule": crontab(minute="*")},
    # Moderators: "N items waiting", once a day, where anything waits.
    "moderation-waiting": {"task": "moderation.tasks.send_waiting", "schedule": crontab(hour=8, minute=0)},
    # Diaries: places freed elsewhere (capacity raised) go to the first waiting, told within a minute.
    "diary-waitlists": {"task": "diaries.tasks.promote_waiting", "schedule": crontab(minute="*")},
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # user.has_perm(perm, obj) answers through the workspace permission layer.
    "workspaces.permissions.backend.WorkspacePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher", "django.contrib.auth.hashers.ScryptPasswordHasher"]
)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
SITE_ID = 1

# django-allauth
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupProfileForm"
# allauth's forms with specific error messages ("Enter your password."): accounts.allauth_forms.
_ALLAUTH_FORMS = "accounts.allauth_forms"
ACCOUNT_FORMS = {name: f"{_ALLAUTH_FORMS}.{cls}" for name, cls in {
    "login": "LoginForm", "add_email": "AddEmailForm", "change_email": "ChangeEmailForm",
    "change_password": "ChangePasswordForm", "set_password": "SetPasswordForm", "reset_password": "ResetPasswordForm",
    "reset_password_from_key": "ResetPasswordKeyForm", "reauthenticate": "ReauthenticateForm"}.items()}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Engage] "
# The client's address, for rate limits, sessions and everything else (workspaces.edge.client_address):
# behind ENGAGE_TRUSTED_PROXY_COUNT proxies that each append to X-Forwarded-For, the entry the
# nearest one wrote; or the header one trusted proxy sets (ENGAGE_TRUSTED_CLIENT_IP_HEADER, e.g.
# X-Real-IP). With neither, the connection's own address: X-Forwarded-For is ignored, as anyone
# can write it. (Behind a proxy without either, every visitor has the proxy's address and one
# visitor's failed sign-ins lock out everyone: deploy check engage.W003.)
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("ENGAGE_TRUSTED_PROXY_COUNT", "0") or 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("ENGAGE_TRUSTED_CLIENT_IP_HEADER", "") or None
# Rate limits are counted in the cache: shared between processes only with Redis (REDIS_URL;
# deploy check engage.W002). Failed sign-ins: per client address, and per account from each
# address ("key" is the account and the address, accounts.adapters), so that someone guessing at an
# account locks out themselves and not its owner, who is told (accounts.adapters.LOGIN_NOTICE_AFTER).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
# Sign-up is by invitation unless this opens it to everyone.
ENGAGE_OPEN_SIGNUP = env_bool("ENGAGE_OPEN_SIGNUP", False)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", "Engage")
MFA_FORMS = {name: f"{_ALLAUTH_FORMS}.{cls}" for name, cls in {
    "authenticate": "AuthenticateForm", "reauthenticate": "MFAReauthenticateForm", "activate_totp": "ActivateTOTPForm",
    "deactivate_totp": "DeactivateTOTPForm", "generate_recovery_codes": "GenerateRecoveryCodesForm"}.items()}
# Recording activity would write to the database on every request; sessions are listed from sign-in.
USERSESSIONS_TRACK_ACTIVITY = False

# django-guardian carries explicit per-object grants (team restrictions) only; role rights
# live in workspaces.permissions. Its backend is deliberately not in AUTHENTICATION_BACKENDS
# so a raw grant can never bypass the role checks; no guardian anonymous user is created.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
# security.W021 (HSTS preload): preloading commits the whole domain to HTTPS in browsers for
# months; each operator opts in with DJANGO_HSTS_PRELOAD, so it is not a deploy failure.
SILENCED_SYSTEM_CHECKS = ["guardian.W001", "security.W021"]

# Email: SMTP when EMAIL_HOST is set, else printed to the console.
EMAIL_HOST = env("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Engage <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Reply by email (the inbound app): notification emails about a repliable item carry a Reply-To
# address reply+<token>@ENGAGE_REPLY_DOMAIN (no domain: no Reply-To, the feature is off). Mail to
# it reaches `manage.py receive_mail` (SMTP/LMTP, the MTA relays the domain to it) or the webhook
# POST /mail/inbound/ (a provider posting the raw message, with "Authorization: Bearer
# <ENGAGE_INBOUND_SECRET>"; no secret: the webhook answers 404).
ENGAGE_REPLY_DOMAIN = env("ENGAGE_REPLY_DOMAIN", "").strip().lower()
ENGAGE_REPLY_TOKEN_DAYS = int(env("ENGAGE_REPLY_TOKEN_DAYS", "180"))
ENGAGE_INBOUND_SECRET = env("ENGAGE_INBOUND_SECRET", "")
ENGAGE_INBOUND_MAX_BYTES = int(env("ENGAGE_INBOUND_MAX_BYTES", str(10 * 1024 * 1024)))

# Files: local disk by default, S3-compatible object storage when a bucket is configured.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", "")
_default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME") or None
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID") or None
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# Security: strict by default; HTTPS settings on unless DEBUG.
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache (Redis in production) and written through to the database:
# every signed-in page is spared a query, and a cache flush only costs a database read.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "0" if (DEBUG or TESTING) else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^healthz/db$", r"^readyz$"]
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "workspaces.views.errors.csrf_failure"
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DATA_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024)))

# Strict CSP: nothing from other origins, no inline script or style (nonces where unavoidable).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Engage's own knobs.
ENGAGE_INVITATION_DAYS = int(env("ENGAGE_INVITATION_DAYS", "14"))
ENGAGE_PAGE_SIZE = int(env("ENGAGE_PAGE_SIZE", "25"))
ENGAGE_BULK_INVITE_LIMIT = int(env("ENGAGE_BULK_INVITE_LIMIT", "10000"))
# Licences: most lines in one CSV upload, and how many days ahead expiry reminders go out.
ENGAGE_LICENCE_BULK_LIMIT = int(env("ENGAGE_LICENCE_BULK_LIMIT", "50000"))
ENGAGE_LICENCE_REMINDER_DAYS = int(env("ENGAGE_LICENCE_REMINDER_DAYS", "14"))
# Drafts (workspaces.kit.drafts): days an unsaved draft is kept, and hours a form posted after its
# writer was signed out (or its CSRF token expired) is kept for them to sign in and find it.
# Consultations: the period a manager must explain if shorter, the holidays they must explain if
# the period takes one in (month-day:month-day, comma-separated), when the response is due after
# close, and how many days before that the managers are reminded.
ENGAGE_CONSULTATION_MIN_WEEKS = int(env("ENGAGE_CONSULTATION_MIN_WEEKS", "6"))
ENGAGE_CONSULTATION_HOLIDAYS = env("ENGAGE_CONSULTATION_HOLIDAYS", "12-20:01-03,08-01:08-31")
ENGAGE_CONSULTATION_RESPONSE_WEEKS = int(env("ENGAGE_CONSULTATION_RESPONSE_WEEKS", "12"))
ENGAGE_CONSULTATION_DUE_REMINDER_DAYS = int(env("ENGAGE_CONSULTATION_DUE_REMINDER_DAYS", "14"))
ENGAGE_DRAFT_DAYS = int(env("ENGAGE_DRAFT_DAYS", "30"))
ENGAGE_RESTORE_HOURS = int(env("ENGAGE_RESTORE_HOURS", "1"))
# Uploads (document libraries and every tool that takes files): the largest file one upload may
# be, in megabytes. ENGAGE_DOCUMENTS_MAX_UPLOAD_MB is its former name, still read.
ENGAGE_MAX_UPLOAD_BYTES = int(
    float(env("ENGAGE_MAX_UPLOAD_MB", env("ENGAGE_DOCUMENTS_MAX_UPLOAD_MB", "25"))) * 1024 * 1024
)
# Uploaded archives (ZIP, and the Office and OpenDocument files that are ZIPs): most entries, and
# most bytes all entries may unpack to (workspaces.lib.archives; more is refused as a zip bomb).
ENGAGE_ARCHIVE_MAX_MEMBERS = 5000
# Who runs this installation and where to write to them: named on the help, accessibility and
# privacy pages (workspaces.views.pages). Without an address the pages say to ask a workspace manager.
ENGAGE_OPERATOR_NAME = env("ENGAGE_OPERATOR_NAME", "the team that runs this service")
ENGAGE_SUPPORT_EMAIL = env("ENGAGE_SUPPORT_EMAIL", "")
ENGAGE_ARCHIVE_MAX_UNPACKED_BYTES = 1024 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Private feeds' secrets are in their addresses: never in a log line (engage/log_redaction.py).
    "filters": {"feed_tokens": {"()": "engage.log_redaction.FeedTokenFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["feed_tokens"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.request": {"filters": ["feed_tokens"]},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False, "filters": ["feed_tokens"]},
    },
}
