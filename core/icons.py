"""/favicon.ico at the site root, where browsers and WeChat look for it without a <link>:
served from the static files, cached for a day (no 404 in every page's log)."""

from __future__ import annotations

from functools import lru_cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@lru_cache(maxsize=1)
def _favicon() -> bytes:
    with open(finders.find("favicon.ico"), "rb") as fh:
        return fh.read()


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    return HttpResponse(_favicon(), content_type="image/x-icon")
