"""One response per enterprise and per form token, enforced by the database."""

import threading

import pytest

from django.db import connection
from django.test import Client

from surveys.models import Answer, Response

from .conftest import VALID_USCC, form_token, open_form, valid_answers


def submit(client, channel, data):
    return client.post(f"/s/{channel.code}/", data)


def test_second_response_for_same_enterprise_is_refused_without_saying_when(client, channel, survey):
    first = submit(client, channel, valid_answers(survey) | {"form_token": form_token(open_form(client, channel))})
    assert first.status_code == 302
    other = Client()
    data = valid_answers(survey, uscc="９１３４１７２１ＭＡ２ＮＢＴ６Ｑ１Ｄ", name="别的名字")
    second = submit(other, channel, data | {"form_token": form_token(open_form(other, channel))})
    assert second.status_code == 409
    page = second.content.decode()
    assert "填写过本问卷" in page and VALID_USCC[0] not in page
    # Anyone can type a firm's code: the page does not tell when (or whether today) it answered.
    import re

    from django.utils import timezone

    assert "已于" not in page and not re.search(r"\d{1,2}:\d{2}|\d+月\d+日", page)
    assert str(timezone.localdate().year) + "年" not in page
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 18


def test_replacement_keeps_the_old_response_for_audit(client, channel, survey):
    survey.allow_replace = True
    survey.save()
    submit(client, channel, valid_answers(survey, correct=False) | {"form_token": form_token(open_form(client, channel))})
    again = submit(client, channel, valid_answers(survey) | {"form_token": form_token(open_form(client, channel))})
    assert again.status_code == 302
    old, new = Response.objects.order_by("id")
    assert (old.status, old.replaced_by_id, old.score) == ("replaced", new.id, 0)
    assert (new.status, new.score) == ("current", 15)
    assert Response.objects.filter(status="current").count() == 1
    assert Answer.objects.count() == 36


def test_replayed_token_shows_the_existing_result(client, channel, survey):
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    first = submit(client, channel, data)
    # Double tap, retry after a timeout, back button + resubmit: same token again.
    for _ in range(3):
        again = submit(client, channel, data)
        assert again.status_code == 302 and again.url == first.url
    # The same firm with changed answers: still the first result.
    assert submit(client, channel, valid_answers(survey, correct=False) | {"form_token": data["form_token"]}).url == first.url
    # Another firm's answers on a spent token (two forms opened in one browser share its
    # unspent token) never make a response with it, nor see that firm's result: they
    # come back on a fresh form, answers kept.
    changed = valid_answers(survey, uscc=VALID_USCC[1]) | {"form_token": data["form_token"]}
    page = submit(client, channel, changed)
    assert page.status_code == 400 and "页面已过期" in page.content.decode()
    assert form_token(page.content.decode()) != data["form_token"]
    assert Response.objects.count() == 1


def test_unknown_token_keeps_answers_and_issues_a_new_one(client, channel, survey):
    data = valid_answers(survey) | {"form_token": "forged-token"}
    response = submit(client, channel, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "页面已过期" in page and 'value="东至县测试商贸有限公司"' in page
    assert form_token(page) != "forged-token"
    assert Response.objects.count() == 0
    assert submit(client, channel, data | {"form_token": form_token(page)}).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_of_one_token_store_exactly_one(channel, survey):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; concurrent sessions are tested on PostgreSQL")
    client = Client()
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    barrier = threading.Barrier(6)
    results = []

    def post():
        from django.db import connections

        try:
            barrier.wait()
            results.append(Client().post(f"/s/{channel.code}/", data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [302] * 6
    assert Response.objects.filter(form_token=data["form_token"]).count() == 1
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 18


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_of_one_enterprise_store_exactly_one(channel, survey):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; concurrent sessions are tested on PostgreSQL")
    tokens = [form_token(open_form(Client(), channel)) for _ in range(5)]
    barrier = threading.Barrier(5)
    results = []

    def post(token):
        from django.db import connections

        try:
            barrier.wait()
            results.append(Client().post(f"/s/{channel.code}/", valid_answers(survey) | {"form_token": token}).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [302, 409, 409, 409, 409]
    assert Response.objects.count() == 1
