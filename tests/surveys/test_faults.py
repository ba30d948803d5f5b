"""Answering keeps working through faults: a dead Redis costs nothing but speed and the
abuse limits; an unreachable database gives the phone its form back with every answer and
an honest Chinese 503; once an answer is committed nothing can turn it into an error."""

import logging
from unittest import mock

import pytest

from django.db import OperationalError
from django.test import Client

from core import cache as fail_open
from surveys import services
from surveys.models import Answer, Response

from .conftest import VALID_USCC, form_token, open_form, valid_answers

DEAD_REDIS = "redis://127.0.0.1:1/6"  # nothing listens on port 1


@pytest.fixture
def dead_redis(settings):
    """The cache and the limits pointed at a Redis that refuses every connection."""
    fail_open.reset_breakers()
    settings.CACHES = {"default": {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": DEAD_REDIS}}
    settings.REDIS_URL = DEAD_REDIS
    yield
    fail_open.reset_breakers()


def test_with_redis_dead_a_phone_opens_answers_and_sees_its_result(channel, survey, settings, dead_redis, caplog):
    settings.SURVEYS_SUBMIT_LIMIT_PER_IP = 1  # limits fail open: this would refuse the second phone
    settings.SURVEYS_FORM_LIMIT_PER_IP = 1
    caplog.set_level(logging.WARNING, logger="canbao.redis")
    for i, uscc in enumerate(VALID_USCC[:3]):
        client = Client(REMOTE_ADDR="10.1.1.1")
        assert client.get(f"/q/{channel.code}").status_code == 200  # scan landing: channel lookup from the database
        data = valid_answers(survey, uscc=uscc) | {"form_token": form_token(open_form(client, channel))}
        posted = client.post(f"/s/{channel.code}/", data)
        assert posted.status_code == 302, i
        result = client.get(posted.url)
        assert result.status_code == 200 and "东至县测试商贸有限公司" in result.content.decode()
    assert Response.objects.count() == 3
    assert sum(fail_open.outages.values()) > 0
    warnings = [r for r in caplog.records if r.getMessage().startswith("redis unavailable, failing open")]
    assert len(warnings) == 1  # once per incident, not once per call


def test_with_redis_dead_the_limits_fail_open(settings, dead_redis):
    from surveys.limits import hit, hit_all

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert all(hit("t", "a", 1) for _ in range(5))
    assert hit_all(("t", "b", 1), ("t", "c", 1)) and hit_all(("t", "b", 1), ("t", "c", 1))
    assert fail_open.outages[DEAD_REDIS] >= 1


def _store_then_lose_the_database(original):
    """The store runs, then the connection drops before the commit: the transaction is
    rolled back, the view sees an OperationalError."""

    def store(*args, **kwargs):
        original(*args, **kwargs)
        raise OperationalError("server closed the connection unexpectedly")

    return store


def test_database_lost_during_the_store_gives_the_form_back_unsaved_then_resend_stores_once(client, channel, survey):
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    with mock.patch.object(services, "_store_in_few_statements", _store_then_lose_the_database(
        services._store_in_few_statements
    )), mock.patch.object(services, "_store_in_one_statement", _store_then_lose_the_database(
        services._store_in_one_statement
    )):
        failed = client.post(f"/s/{channel.code}/", data)
    assert failed.status_code == 503
    assert failed["Retry-After"].isdigit()
    page = failed.content.decode()
    assert "您的回答没有保存" in page and "再次点击" in page
    # Every answer is still in the form, and the token is the same one (so a resend is exactly-once).
    assert form_token(page) == data["form_token"]
    assert f'value="{VALID_USCC[0]}"' in page and 'value="东至县测试商贸有限公司"' in page
    assert "想了解缴费基数怎么算。</textarea>" in page and 'value="12"' in page
    for field, value in data.items():
        if field.startswith("q") and value.isdigit() and value != "12":
            assert f'name="{field}" value="{value}" checked' in page, field
    assert Response.objects.count() == 0 and Answer.objects.count() == 0
    # The database is back: the phone sends the same form again (twice, a double tap).
    first = client.post(f"/s/{channel.code}/", data)
    second = client.post(f"/s/{channel.code}/", data)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert Response.objects.count() == 1


def test_form_cannot_be_issued_without_the_database_gives_a_chinese_503(client, channel, survey):
    open_form(client, channel)  # channel and survey definition are cached
    phone = Client()  # another phone: no unspent token of its own to reuse (surveys.starts)
    with mock.patch.object(services, "issue_form_token", side_effect=OperationalError("could not connect")):
        response = phone.get(f"/s/{channel.code}/")
    assert response.status_code == 503 and response["Retry-After"].isdigit()
    assert "问卷暂时无法打开" in response.content.decode()


def test_a_failing_result_snapshot_after_the_commit_still_redirects_to_the_result(client, channel, survey):
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    with mock.patch.object(services, "remember_new_result", side_effect=ConnectionError("redis gone")):
        posted = client.post(f"/s/{channel.code}/", data)
    assert posted.status_code == 302
    assert Response.objects.count() == 1
    assert client.get(posted.url).status_code == 200  # rebuilt from the database


def test_an_unexpected_error_on_the_answering_post_says_the_answer_may_not_be_saved(channel, survey):
    client = Client(raise_request_exception=False)
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    with mock.patch.object(services, "submit_response", side_effect=RuntimeError("bug")):
        response = client.post(f"/s/{channel.code}/", data)
    assert response.status_code == 500
    page = response.content.decode()
    assert "服务器出错" in page and "可能没有保存" in page and "Server Error (500)" not in page


def test_database_down_before_the_view_on_the_answering_post_is_a_503_that_says_not_saved(channel, survey):
    client = Client(raise_request_exception=False)
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    with mock.patch("surveys.views.channel_info", side_effect=OperationalError("could not connect")):
        response = client.post(f"/s/{channel.code}/", data)
    assert response.status_code == 503 and response["Retry-After"].isdigit()
    assert "您的回答没有保存" in response.content.decode()
    assert Response.objects.count() == 0


def test_a_stale_csrf_cookie_gets_a_chinese_page_that_says_nothing_was_saved(channel, survey):
    client = Client(enforce_csrf_checks=True)
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    client.cookies.clear()
    response = client.post(f"/s/{channel.code}/", data)
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期" in page and "没有保存" in page
