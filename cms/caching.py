"""Whole-page cache for anonymous visitors, invalidated whenever content is published.

The cache key carries a site-wide content version that publishing, unpublishing, moving
or deleting a page (and editing campaigns or media) increments, so a cached page is
never older than the last publish. Wagtail's own serve view does the work on a miss. Several worker processes need a shared
cache (REDIS_URL, see docs/deployment.md); with per-process memory caches another worker
could serve a page up to PAGE_TIMEOUT old."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from wagtail.models import PageViewRestriction
from wagtail.views import serve as wagtail_serve

VERSION_KEY = "cms:content-version"
PAGE_TIMEOUT = 600
_CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return version


def bump_content_version(**_kwargs) -> None:
    """Invalidate every cached page (signal receiver)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _page_key(request: HttpRequest) -> str:
    language = getattr(request, "LANGUAGE_CODE", "")
    return f"cms:page:{content_version()}:{language}:{request.get_host()}:{request.path}"


def _fresh_csrf_tokens(request: HttpRequest, content: bytes) -> bytes:
    """A cached page's forms (the footer language switcher) carry the first visitor's CSRF
    token; give this visitor their own, which also makes the middleware set their cookie."""
    if b'name="csrfmiddlewaretoken"' not in content:
        return content
    token = get_token(request).encode()
    return _CSRF_VALUE.sub(lambda m: m.group(1) + token + m.group(2), content)


def serve_page(request: HttpRequest, path: str) -> HttpResponse:
    """Serve a Wagtail page, from the cache when the visitor is anonymous."""
    if not _cacheable_request(request):
        return wagtail_serve(request, path)
    key = _page_key(request)
    cached = cache.get(key)
    if cached is not None:
        content, content_type = cached
        response = HttpResponse(_fresh_csrf_tokens(request, content), content_type=content_type)
        response["X-Page-Cache"] = "hit"
        return response
    response = wagtail_serve(request, path)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if (
        response.status_code == 200
        and not response.cookies
        and not getattr(response, "streaming", False)
        and not PageViewRestriction.objects.exists()
    ):
        cache.set(key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
        response["X-Page-Cache"] = "miss"
    return response
