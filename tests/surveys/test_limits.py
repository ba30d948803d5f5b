"""Abuse limits answer 429 in Chinese without blocking a busy service hall; counted in
the cache (development) or in Redis (production, shared by every app server)."""


import pytest

from django.test import Client

from surveys.models import Response

from .conftest import VALID_USCC, form_token, open_form, valid_answers


def codes(n):
    from campaigns.uscc import make_uscc

    return [make_uscc("91341721", f"{10_000_000 + i:08d}") for i in range(n)]


@pytest.fixture(params=["cache", "redis"])
def counters(request):
    """Where the limits count: Django's cache, or Redis under a key prefix of this test's
    own (tests/conftest.py redis_url), so counts from another test cannot leak in."""
    if request.param == "redis":
        request.getfixturevalue("redis_url")
    return request.param


def test_thirty_respondents_behind_one_ip_all_get_through_then_429(channel, survey, settings, counters):
    settings.SURVEYS_SUBMIT_LIMIT_PER_IP = 40
    hall = "10.1.2.3"
    for uscc in codes(30):
        client = Client(REMOTE_ADDR=hall)
        data = valid_answers(survey, uscc=uscc) | {"form_token": form_token(open_form(client, channel))}
        assert client.post(f"/s/{channel.code}/", data).status_code == 302
    assert Response.objects.count() == 30
    # A flood from the same address is cut off with a Chinese 429 page...
    client = Client(REMOTE_ADDR=hall)
    token = form_token(open_form(client, channel))
    statuses = [client.post(f"/s/{channel.code}/", {"form_token": token}).status_code for _ in range(11)]
    assert statuses[-1] == 429
    limited = client.post(f"/s/{channel.code}/", {"form_token": token})
    assert "提交过于频繁" in limited.content.decode()
    from surveys import conf

    assert limited["Retry-After"] == str(conf.limit_window_seconds())  # the counting window
    # ...while a phone on another address is not affected.
    other = Client(REMOTE_ADDR="10.9.8.7")
    data = valid_answers(survey, uscc=VALID_USCC[4]) | {"form_token": form_token(open_form(other, channel))}
    assert other.post(f"/s/{channel.code}/", data).status_code == 302


def test_default_limit_is_generous_for_a_service_hall():
    from surveys import conf

    assert conf.submit_limit_per_ip() >= 100


def test_per_token_limit(client, channel, survey, settings, counters):
    settings.SURVEYS_SUBMIT_LIMIT_PER_TOKEN = 3
    token = form_token(open_form(client, channel))
    statuses = [client.post(f"/s/{channel.code}/", {"form_token": token, "uscc": "x"}).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]


def test_per_enterprise_limit(channel, survey, settings, counters):
    settings.SURVEYS_SUBMIT_LIMIT_PER_ENTERPRISE = 2
    results = []
    for i in range(3):
        client = Client(REMOTE_ADDR=f"10.0.0.{i}")
        data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel)), "enterprise_name": ""}
        results.append(client.post(f"/s/{channel.code}/", data).status_code)
    assert results == [400, 400, 429]
    assert Response.objects.count() == 0


def test_behind_a_trusted_proxy_each_phone_is_limited_by_its_own_address(channel, survey, settings):
    settings.SURVEYS_SUBMIT_LIMIT_PER_IP = 2
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.1"
    statuses = []
    for i, uscc in enumerate(codes(3)):
        client = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"10.20.0.{i}")
        data = valid_answers(survey, uscc=uscc) | {"form_token": form_token(open_form(client, channel))}
        statuses.append(client.post(f"/s/{channel.code}/", data).status_code)
    assert statuses == [302, 302, 302]  # three phones, one proxy address: none is limited
    flood = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="10.20.0.0")
    token = form_token(open_form(flood, channel))
    assert [flood.post(f"/s/{channel.code}/", {"form_token": token}).status_code for _ in range(2)][-1] == 429


def test_a_client_cannot_dodge_the_limit_by_sending_x_forwarded_for(channel, survey, settings):
    settings.SURVEYS_SUBMIT_LIMIT_PER_IP = 2
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # no proxy: the header is the client's own claim
    statuses = []
    for i in range(3):
        client = Client(REMOTE_ADDR="10.30.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
        token = form_token(open_form(client, channel))
        statuses.append(client.post(f"/s/{channel.code}/", {"form_token": token}).status_code)
    assert statuses[-1] == 429


def test_redis_counters_expire_with_the_window(settings, redis_url):
    import redis

    from surveys.limits import hit, hit_all

    settings.SURVEYS_LIMIT_WINDOW_SECONDS = 60
    server = redis.Redis.from_url(redis_url)
    assert [hit("t", "a", 2) for _ in range(3)] == [True, True, False]
    assert hit_all(("t", "b", 5), ("t", "c", 5)) is True
    assert hit_all(("t", "b", 5), ("t", "a", 5)) is True  # "a" is at 4 of 5
    assert hit_all(("t", "b", 5), ("t", "a", 4)) is False  # "a" went past 4
    keys = server.keys(f"{settings.REDIS_KEY_PREFIX}:surveys:limit:t:*")
    assert len(keys) == 3
    assert all(0 < server.ttl(k) <= 60 for k in keys)
