"""Fixed-window counters shared by every app server: in Redis when REDIS_URL is set (one
pipelined round trip per check, however many counters it touches), otherwise in Django's
cache (local memory in development). Limits fail open: while Redis cannot be reached
every check passes (core.cache logs and counts the outage), so an outage lifts the abuse
limits for its duration instead of turning phones away."""

from __future__ import annotations

import hashlib
import threading

from allauth.account.adapter import get_adapter as get_account_adapter

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from core.cache import SOCKET_OPTIONS, breaker

from . import conf

_redis = threading.local()


def client_ip(request) -> str:
    """The phone's address, by the same rule as allauth's rate limits: behind
    TRUSTED_PROXY_COUNT reverse proxies it comes from X-Forwarded-For, otherwise from
    REMOTE_ADDR (a client-sent X-Forwarded-For is then ignored)."""
    try:
        ip = get_account_adapter().get_client_ip(request)
    except ImproperlyConfigured:  # fewer X-Forwarded-For entries than trusted proxies
        ip = None
    return ip or request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, key: str) -> str:
    digest = hashlib.blake2b(key.encode(), digest_size=12).hexdigest()
    return f"{settings.REDIS_KEY_PREFIX}:surveys:limit:{scope}:{digest}"


def _redis_client():
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return None
    client = getattr(_redis, "client", None)
    if client is None or _redis.url != url:
        import redis

        client = _redis.client = redis.Redis.from_url(url, **SOCKET_OPTIONS)
        _redis.url = url
    return client


def hit_all(*events: tuple[str, str, int]) -> bool:
    """Count one event on each (scope, key, limit); False when any counter went past its
    limit in the current window."""
    window = conf.limit_window_seconds()
    keys = [_key(scope, key) for scope, key, _ in events]
    client = _redis_client()
    if client is not None:
        counts = breaker(settings.REDIS_URL).call(lambda: _redis_counts(client, keys, window), [0] * len(keys), "limits")
    else:
        counts = [_cache_incr(k, window) for k in keys]
    return all(count <= limit for count, (_, _, limit) in zip(counts, events, strict=True))


def _redis_counts(client, keys: list[str], window: int) -> list[int]:
    pipe = client.pipeline(transaction=False)
    for k in keys:
        pipe.set(k, 0, ex=window, nx=True)  # starts the window; INCR keeps the expiry
        pipe.incr(k)
    return pipe.execute()[1::2]


def hit(scope: str, key: str, limit: int) -> bool:
    """Count one event; False once `limit` events happened in the current window."""
    return hit_all((scope, key, limit))


def _cache_incr(cache_key: str, window: int) -> int:
    cache.add(cache_key, 0, window)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window)
        return 1
