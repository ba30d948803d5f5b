"""Tunable limits of the surveys app. Each can be set in settings; the per-IP limit can
also come from the environment (the load test raises it: all its phones share 127.0.0.1)."""

import os

from django.conf import settings


def _setting(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return int(value)


def submit_limit_per_ip() -> int:
    """POSTs per client IP per window: generous, a service hall shares one Wi-Fi address."""
    return _setting("SURVEYS_SUBMIT_LIMIT_PER_IP", 120)


def form_limit_per_ip() -> int:
    """Rendered forms (issued tokens) per client IP per window."""
    return _setting("SURVEYS_FORM_LIMIT_PER_IP", 600)


def submit_limit_per_token() -> int:
    return _setting("SURVEYS_SUBMIT_LIMIT_PER_TOKEN", 10)


def submit_limit_per_enterprise() -> int:
    return _setting("SURVEYS_SUBMIT_LIMIT_PER_ENTERPRISE", 10)


def limit_window_seconds() -> int:
    return _setting("SURVEYS_LIMIT_WINDOW_SECONDS", 600)


def max_post_bytes() -> int:
    """A whole answered survey is a few KB; anything far larger is refused before parsing."""
    return _setting("SURVEYS_MAX_POST_BYTES", 32_768)


def phone_retention_days() -> int:
    return _setting("SURVEYS_PHONE_RETENTION_DAYS", 180)


def draft_limit_per_token() -> int:
    """Autosaves of one form per window (the script saves at most every few seconds)."""
    return _setting("SURVEYS_DRAFT_LIMIT_PER_TOKEN", 200)


def draft_limit_per_ip() -> int:
    return _setting("SURVEYS_DRAFT_LIMIT_PER_IP", 2000)
