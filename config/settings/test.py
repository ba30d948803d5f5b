"""Test settings: fast hashing, local-memory cache, tasks run immediately."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
PRIVATE_ROOT = VAR_DIR / "test-private"  # noqa: F405
STORAGES["private"] = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_ROOT}}  # noqa: F405
CANBAO_SHOW_DEMO_LOGINS = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
REDIS_URL = ""  # surveys.limits counts in the cache; tests that want Redis set it themselves
