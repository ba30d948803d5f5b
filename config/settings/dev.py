"""Local development: DEBUG on, console e-mail, demo logins printed."""

from .base import *  # noqa: F403

DEBUG = True
CANBAO_SHOW_DEMO_LOGINS = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
