"""Redis as an accelerator, never a dependency of answering.

FailOpenRedisCache is Django's RedisCache with every call failing open: on a Redis error a
read is a miss, a write is skipped, and the page is built from the database instead. The
outage is logged once (a stable message, "redis unavailable, failing open") and every
failed call counted in `outages`; for a second after a failure calls skip Redis entirely,
so a dead or unreachable server costs milliseconds per request, not a timeout per call.
surveys.limits uses the same breaker for its own pipelined counters."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

import redis

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("canbao.redis")

# Errors of an unreachable, restarting, read-only (failing over) or garbled server.
REDIS_ERRORS = (redis.RedisError, OSError)
# After a failure, calls skip Redis for this long; then one call tries again.
RETRY_AFTER_SECONDS = 1.0
# Short enough that a blackholed server costs a fraction of a second once per RETRY_AFTER_SECONDS.
SOCKET_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "health_check_interval": 30}

outages: Counter[str] = Counter()  # failed-open calls per Redis location, since the process started

T = TypeVar("T")


class Breaker:
    """The health of one Redis location as this process sees it."""

    def __init__(self, location: str):
        self.location = location
        self.down_since: float | None = None
        self.retry_at = 0.0
        self._lock = threading.Lock()

    def call(self, func: Callable[[], T], fallback: T, where: str) -> T:
        """func(), or `fallback` when Redis fails or failed less than a second ago."""
        if self.down_since is not None and time.monotonic() < self.retry_at:
            outages[self.location] += 1
            return fallback
        try:
            result = func()
        except REDIS_ERRORS as exc:
            self._failed(exc, where)
            return fallback
        if self.down_since is not None:
            self._recovered()
        return result

    def _failed(self, exc: Exception, where: str) -> None:
        now = time.monotonic()
        with self._lock:
            outages[self.location] += 1
            self.retry_at = now + RETRY_AFTER_SECONDS
            if self.down_since is None:
                self.down_since = now
                logger.warning("redis unavailable, failing open (%s, %s): %s", self.location, where, exc)

    def _recovered(self) -> None:
        with self._lock:
            if self.down_since is not None:
                logger.warning(
                    "redis available again (%s) after %.1f s", self.location, time.monotonic() - self.down_since
                )
                self.down_since = None


_breakers: dict[str, Breaker] = {}


def breaker(location: str) -> Breaker:
    """The breaker of a Redis URL (one per location, shared by the cache and the limits)."""
    found = _breakers.get(location)
    if found is None:
        found = _breakers.setdefault(location, Breaker(location))
    return found


def reset_breakers() -> None:
    """Forget every outage (tests start with Redis presumed healthy)."""
    _breakers.clear()
    outages.clear()


class FailOpenRedisCache(RedisCache):
    """RedisCache whose every call fails open (see the module docstring). Settings:
    BACKEND "core.cache.FailOpenRedisCache", OPTIONS with SOCKET_OPTIONS."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**SOCKET_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._breaker = breaker(server if isinstance(server, str) else ",".join(server))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._breaker.call(lambda: super(FailOpenRedisCache, self).add(key, value, timeout, version), False, "add")

    def get(self, key, default=None, version=None):
        return self._breaker.call(lambda: super(FailOpenRedisCache, self).get(key, default, version), default, "get")

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._breaker.call(lambda: super(FailOpenRedisCache, self).set(key, value, timeout, version), None, "set")

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._breaker.call(lambda: super(FailOpenRedisCache, self).touch(key, timeout, version), False, "touch")

    def delete(self, key, version=None):
        return self._breaker.call(lambda: super(FailOpenRedisCache, self).delete(key, version), False, "delete")

    def get_many(self, keys, version=None):
        return self._breaker.call(lambda: super(FailOpenRedisCache, self).get_many(keys, version), {}, "get_many")

    def has_key(self, key, version=None):
        return self._breaker.call(lambda: super(FailOpenRedisCache, self).has_key(key, version), False, "has_key")

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be read counts as just started: limits fail open.
        return self._breaker.call(lambda: super(FailOpenRedisCache, self).incr(key, delta, version), delta, "incr")

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = list(data)
        return self._breaker.call(lambda: super(FailOpenRedisCache, self).set_many(data, timeout, version), failed,
                                  "set_many")

    def delete_many(self, keys, version=None):
        self._breaker.call(lambda: super(FailOpenRedisCache, self).delete_many(keys, version), None, "delete_many")

    def clear(self):
        return self._breaker.call(lambda: super(FailOpenRedisCache, self).clear(), False, "clear")
