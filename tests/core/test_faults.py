"""The site without Redis or without its database: pages in Chinese, 503 with Retry-After
when the database is unreachable, and nothing of the error pages needs the database."""

import logging

import pytest
import redis

from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client

from cms.demo import ensure_home_page
from core import cache as fail_open
from core.errors import static_page

DEAD_REDIS = "redis://127.0.0.1:1/6"  # nothing listens on port 1
LIVE_REDIS = "redis://127.0.0.1:6379/6"  # this branch's own database on the shared server


@pytest.fixture
def redis_cache(settings):
    def use(location):
        settings.CACHES = {"default": {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": location}}

    fail_open.reset_breakers()
    yield use
    fail_open.reset_breakers()


@pytest.mark.django_db
def test_home_page_answers_with_redis_dead(redis_cache):
    ensure_home_page()
    redis_cache(DEAD_REDIS)
    assert Client().get("/").status_code == 200


def test_a_dead_redis_reads_as_a_miss_and_skips_writes_quickly(redis_cache, caplog):
    import time

    redis_cache(DEAD_REDIS)
    caplog.set_level(logging.WARNING, logger="canbao.redis")
    started = time.monotonic()
    cache.set("k", 1)
    assert cache.get("k") is None and cache.get("k", "default") == "default"
    assert cache.add("k", 1) is False and cache.get_many(["k"]) == {} and cache.incr("n") == 1
    assert cache.set_many({"a": 1}) == ["a"]
    cache.delete_many(["a"])
    assert time.monotonic() - started < 2
    assert fail_open.outages[DEAD_REDIS] == 8
    assert [r.getMessage()[:36] for r in caplog.records] == ["redis unavailable, failing open (red"]


def test_after_a_failure_calls_skip_redis_for_a_moment_then_try_again(redis_cache, monkeypatch):
    redis_cache(DEAD_REDIS)
    calls = []
    monkeypatch.setattr(redis.Redis, "get", lambda self, key: calls.append(key) or None)
    breaker = fail_open.breaker(DEAD_REDIS)
    breaker.call(lambda: (_ for _ in ()).throw(redis.ConnectionError("refused")), None, "get")
    cache.get("k")
    assert calls == []  # skipped: Redis failed less than a second ago
    breaker.retry_at = 0  # a second later
    cache.get("k")
    assert len(calls) == 1 and breaker.down_since is None  # tried again, and it answered


def test_a_live_redis_is_used_through_the_fail_open_backend(redis_cache):
    try:
        redis.Redis.from_url(LIVE_REDIS, socket_connect_timeout=0.5).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    redis_cache(LIVE_REDIS)
    cache.set("canbao:test:faults", {"a": 1}, 30)
    assert cache.get("canbao:test:faults") == {"a": 1}
    cache.delete("canbao:test:faults")
    assert fail_open.outages[LIVE_REDIS] == 0


def test_reused_database_connections_are_health_checked():
    assert django_settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.urls("tests.core.urls")
@pytest.mark.django_db
def test_database_unavailable_on_any_page_is_a_chinese_503_with_retry_after():
    response = Client(raise_request_exception=False).get("/test-errors/database/")
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    page = response.content.decode()
    assert "服务暂时不可用" in page and "稍候" in page


@pytest.mark.urls("tests.core.urls")
@pytest.mark.django_db
def test_a_bug_is_a_chinese_500_page():
    response = Client(raise_request_exception=False).get("/test-errors/bug/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "服务器出错" in page and "Server Error (500)" not in page and "可能没有保存" not in page


@pytest.mark.django_db
def test_a_missing_page_is_a_chinese_404():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_the_500_and_503_pages_render_without_the_database():
    # No db fixture: pytest-django fails any query.
    assert "服务器出错" in static_page("500.html", 500).content.decode()
    assert "服务暂时不可用" in static_page("503.html", 503).content.decode()
