"""Fixed-window counters in Django's cache (Redis in production, shared by all workers)."""

from __future__ import annotations

import hashlib

from allauth.account.adapter import get_adapter as get_account_adapter

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from . import conf


def client_ip(request) -> str:
    """The phone's address, by the same rule as allauth's rate limits: behind
    TRUSTED_PROXY_COUNT reverse proxies it comes from X-Forwarded-For, otherwise from
    REMOTE_ADDR (a client-sent X-Forwarded-For is then ignored)."""
    try:
        ip = get_account_adapter().get_client_ip(request)
    except ImproperlyConfigured:  # fewer X-Forwarded-For entries than trusted proxies
        ip = None
    return ip or request.META.get("REMOTE_ADDR", "") or "unknown"


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
