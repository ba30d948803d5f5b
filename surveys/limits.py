"""Fixed-window counters in Django's cache (Redis in production, shared by all workers)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from . import conf


def client_ip(request) -> str:
    # Behind the reverse proxy, REMOTE_ADDR is set from X-Real-IP by the proxy config.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(scope: str, key: str, limit: int) -> bool:
    """Count one event; False once `limit` events happened in the current window."""
    digest = hashlib.blake2b(key.encode(), digest_size=12).hexdigest()
    cache_key = f"surveys:limit:{scope}:{digest}"
    window = conf.limit_window_seconds()
    cache.add(cache_key, 0, window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window)
        count = 1
    return count <= limit
