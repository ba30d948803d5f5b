"""Every kind of invalid input: a Chinese message, every answer kept, nothing stored."""

import datetime
import re

import pytest

from django.utils import timezone

from surveys.models import Answer, Option, Question, Response

from .conftest import form_token, open_form, valid_answers


def question_field(survey, kind, role=None):
    q = survey.questions.filter(kind=kind, **({"role": role} if role else {})).order_by("position").first()
    return f"q{q.id}"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda s: {"uscc": ""}, "请填写统一社会信用代码"),
        (lambda s: {"uscc": "91341721MA2NBT6Q"}, "应为18位"),
        (lambda s: {"uscc": "91341721MA2NBT6QIO"}, "不允许的字符"),
        (lambda s: {"uscc": "91341721MA2NBT6Q1E"}, "校验"),
        (lambda s: {"enterprise_name": "   "}, "请填写企业名称"),
        (lambda s: {"enterprise_name": "名" * 201}, "不能超过200个字"),
        (lambda s: {question_field(s, "single"): ""}, "必答题，请选择一项"),
        (lambda s: {question_field(s, "single"): "999999"}, "选项无效"),
        (lambda s: {question_field(s, "single"): "abc"}, "选项无效"),
        (lambda s: {question_field(s, "single"): ["1", "2"]}, "只能选择一项"),
        (lambda s: {question_field(s, "yes_no"): "maybe"}, "“是”“否”“不确定”"),
        (lambda s: {question_field(s, "yes_no"): ""}, "必答题"),
        (lambda s: {question_field(s, "number"): "十二"}, "请填写数字"),
        (lambda s: {question_field(s, "number"): "-3"}, "不能填写负数"),
        (lambda s: {question_field(s, "number"): "1e20"}, "超出范围"),
        (lambda s: {question_field(s, "long_text"): "字" * 2001}, "最多填写2000个字"),
    ],
)
def test_invalid_input_is_explained_and_nothing_stored(client, channel, survey, change, message):
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    data |= change(survey)
    response = client.post(f"/s/{channel.code}/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page and 'aria-invalid="true"' in page
    assert "您已填写的内容都已保留" in page
    # Answers already given are still there: the name and a chosen option.
    if "enterprise_name" not in change(survey):
        assert 'value="东至县测试商贸有限公司"' in page
    kept = next(k for k in data if k.startswith("q") and k not in change(survey) and data[k].isdigit())
    assert f'value="{data[kept]}" checked' in page or f'value="{data[kept]}"' in page
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_multiple_choice_and_short_text(client, channel, survey):
    multi = Question.objects.create(survey=survey, position=90, kind="multiple", text="您通过哪些渠道了解政策？")
    for i, label in enumerate(["海报", "广播", "微信"]):
        Option.objects.create(question=multi, position=i, label=label)
    short = Question.objects.create(survey=survey, position=91, kind="short_text", text="联系人职务", required=False)
    survey.save()  # a new definition stamp
    ids = [str(o.id) for o in Option.objects.filter(question=multi).order_by("position")]
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    bad = client.post(f"/s/{channel.code}/", data | {f"q{multi.id}": [ids[0], "0"]})
    assert bad.status_code == 400 and "选项无效" in bad.content.decode()
    ok = client.post(f"/s/{channel.code}/", data | {f"q{multi.id}": ids[:2], f"q{short.id}": "经理"})
    assert ok.status_code == 302, re.findall(r"sv-err[^>]*>([^<]+)", ok.content.decode())
    answer = Answer.objects.get(question=multi)
    assert sorted(str(c.option_id) for c in answer.choices.all()) == sorted(ids[:2])
    assert Answer.objects.get(question=short).text_value == "经理"


def test_honeypot_and_missing_token_store_nothing(client, channel, survey):
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    trap = client.post(f"/s/{channel.code}/", data | {"website": "http://spam.example"})
    assert trap.status_code == 400 and "未被记录" in trap.content.decode()
    no_token = client.post(f"/s/{channel.code}/", {k: v for k, v in data.items() if k != "form_token"})
    assert no_token.status_code == 400 and "重新扫码" in no_token.content.decode()
    assert Response.objects.count() == 0


def test_csrf_is_enforced(channel, survey):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    assert client.post(f"/s/{channel.code}/", data).status_code == 403
    assert Response.objects.count() == 0


def test_oversized_request_is_refused(client, channel, survey, settings):
    settings.SURVEYS_MAX_POST_BYTES = 4000
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    response = client.post(f"/s/{channel.code}/", data | {"padding": "x" * 5000})
    assert response.status_code == 413 and "内容过大" in response.content.decode()
    assert Response.objects.count() == 0


@pytest.mark.parametrize("opens, closes, title", [(1, None, "调查尚未开始"), (None, -1, "调查已结束")])
def test_closed_and_not_yet_open_surveys(client, channel, survey, opens, closes, title):
    token = form_token(open_form(client, channel))
    now = timezone.now()
    survey.opens_at = now + datetime.timedelta(days=opens) if opens else None
    survey.closes_at = now + datetime.timedelta(days=closes) if closes else None
    survey.save()  # the cached channel lookup is forgotten by the save itself
    page = client.get(f"/s/{channel.code}/")
    assert title in page.content.decode() and 'name="form_token"' not in page.content.decode()
    response = client.post(f"/s/{channel.code}/", valid_answers(survey) | {"form_token": token})
    assert response.status_code == 403 and title in response.content.decode()
    assert Response.objects.count() == 0


def test_paused_channel_and_unknown_code(client, channel):
    assert client.get("/s/nosuchcode/").status_code == 404
    channel.is_active = False
    channel.save()
    response = client.get(f"/s/{channel.code}/")
    assert response.status_code == 410 and "二维码已停用" in response.content.decode()
