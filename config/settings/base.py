"""Settings shared by every environment. Values that differ between machines come
from the environment (see .env.example)."""

import os
from pathlib import Path

import dj_database_url


def gettext_noop(text: str) -> str:
    """Marks a default for the catalogues (makemessages) without importing Django's
    translation machinery into the settings."""
    return text


BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"  # git-ignored: SQLite file, collected static, logs


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "accounts",
    "regions",
    "campaigns",
    "surveys",
    "cms",
    "reports",
    "followups",
    "core",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.wagtail_users.CanbaoUsersConfig",  # wagtail.users with the Profile fields
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    # Background tasks
    "django_tasks",
    "django_tasks_db",
    # Sign-in
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.inputs.CleanInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite file under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'canbao.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
# A reused connection is checked before each request: after a database restart the first
# request reconnects instead of failing with a stale connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the dev server and a worker share the file. Transactions
    # take the write lock when they begin (IMMEDIATE): a deferred one that reads, then
    # writes, fails with "database is locked" at once when another writer got in between,
    # whatever the busy timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every app server), else local memory.
# The survey abuse limits (surveys.limits) count in the same Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Every key canbao writes to Redis starts with this prefix (two deployments, or a test
# run, can share one Redis server without touching each other's keys).
REDIS_KEY_PREFIX = os.environ.get("REDIS_KEY_PREFIX", "canbao")
# Redis only accelerates: the backend fails open (core.cache), so an outage costs speed and
# the abuse limits, never an answer.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": REDIS_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 20_000}}
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- Language and time -------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Personal data (uploaded registry files): outside MEDIA_ROOT, never served by nginx, reached
# only through permission-checked views (core.private_files). Deleted after the retention
# below by `manage.py delete_expired_files`.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", VAR_DIR / "private"))
STORAGES["private"] = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_ROOT}}
CANBAO_PRIVATE_FILE_RETENTION_DAYS = int(os.environ.get("PRIVATE_FILE_RETENTION_DAYS", "30"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Sign-in: django-allauth is the only door ----------------------------------
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/admin/"
LOGOUT_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults plus a stricter lockout: 5 failures per account per 15 min.
    "login_failed": "10/m/ip,5/15m/key",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "signup": "20/m/ip",
}
ACCOUNT_ALLOW_SIGNUPS = False  # accounts are created by administrators
# How many reverse proxies (nginx, load balancer) append to X-Forwarded-For. Rate limits
# (allauth's and the survey's) take the client address from there when this is > 0.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "canbao"
# No drift window (allauth's default, stated): allauth remembers a used code for one period
# only, so a wider window would accept the same code again once that memory lapsed.
MFA_TOTP_TOLERANCE = 0
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "canbao@localhost")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Wagtail -----------------------------------------------------------------
WAGTAIL_SITE_NAME = "参保宣传与知晓度调查平台"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "doc", "xls", "zip", "png", "jpg", "vtt"]
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# Uploads are checked by content and size (cms.media_forms), not by their name.
WAGTAILMEDIA = {"MEDIA_MODEL": "wagtailmedia.Media", "MEDIA_FORM_BASE": "cms.media_forms.CheckedMediaForm"}
CANBAO_MEDIA_MAX_BYTES = int(os.environ.get("MEDIA_MAX_MB", "200")) * 1024 * 1024
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin
WAGTAIL_EDITOR_GUIDE_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Background tasks ---------------------------------------------------------
# Production runs a database-backed worker (`manage.py db_worker`); dev and tests
# run tasks immediately in the request.
TASKS = {"default": {"BACKEND": os.environ.get("TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

# --- Security defaults (tightened in production.py) ---------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"  # Wagtail previews override this to SAMEORIGIN themselves
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- canbao --------------------------------------------------------------------
CANBAO_PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", WAGTAILADMIN_BASE_URL)
CANBAO_CJK_FONT = BASE_DIR / "core" / "fonts" / "wqy-microhei.ttc"
# The deployment's names: the site's title on every public page, and the bureau in the
# footer and on the 通报 when the site's home page sets no 单位名称 (translated when the
# catalogue knows them); the prefix of the 通报's document numbers (东人社通〔2026〕1号).
# Region-level names (a poster's bureau, a firm's agency) come from the region tree instead
# (regions.agencies).
CANBAO_SITE_NAME = os.environ.get("CANBAO_SITE_NAME", gettext_noop("东至县工伤保险参保宣传"))
CANBAO_BUREAU_NAME = os.environ.get("CANBAO_BUREAU_NAME", gettext_noop("东至县人力资源和社会保障局"))
CANBAO_BULLETIN_PREFIX = os.environ.get("CANBAO_BULLETIN_PREFIX", "东人社通")
# Printed on 参保登记通知书 when a township has no office phone of its own.
CANBAO_REGISTRATION_HOTLINE = os.environ.get("CANBAO_REGISTRATION_HOTLINE", "12333")
CANBAO_SHOW_DEMO_LOGINS = False
# A scanned QR code (/q/<code>, campaigns) shows the channel's survey form in place.
CAMPAIGNS_SCAN_LANDING = "surveys.views.scan_landing"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Wagtail's own password reset would be a second door around allauth's rate limits.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
