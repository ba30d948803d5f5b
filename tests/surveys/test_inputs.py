"""Hostile input on the public pages: control characters removed on the way in, huge
exponents refused in Chinese, undecodable bodies answered with 400, never a 500."""

import io

import pytest
from openpyxl import Workbook

from surveys.models import Answer, Response

from .conftest import form_token, open_form, valid_answers
from .test_validation import question_field

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client(client):
    client.raise_request_exception = True  # a 500 fails the test with its traceback
    return client


def test_control_characters_are_removed_from_every_answer(strict_client, channel, survey):
    client = strict_client
    data = valid_answers(survey, name="东至县\x00测试\x07商贸\x1b有限公司\x7f") | {
        "form_token": form_token(open_form(client, channel)),
        question_field(survey, "long_text"): "第一行\r\n第二行\x00\x0b\x85",
    }
    assert client.post(f"/s/{channel.code}/", data).status_code == 302
    response = Response.objects.get()
    assert response.enterprise_name == "东至县测试商贸有限公司"
    text = Answer.objects.exclude(text_value="").get(question__kind="long_text").text_value
    assert text == "第一行\r\n第二行"
    sheet = Workbook().active
    sheet.append([response.enterprise_name, text])  # openpyxl refuses control characters
    sheet.parent.save(io.BytesIO())


@pytest.mark.parametrize("value", ["1e999999999", "-1e999999999", "1E+99999999999999999999", "9" * 5000,
                                   "sNaN", "Infinity"])
def test_huge_numbers_get_a_chinese_error_not_a_500(strict_client, channel, survey, value):
    client = strict_client
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel)),
                                    question_field(survey, "number"): value}
    response = client.post(f"/s/{channel.code}/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "超出范围" in body or "请填写数字" in body or "不能填写负数" in body
    assert Response.objects.count() == 0


@pytest.mark.parametrize("charset", ["gbk", "hex", "rot13", "utf-16", "base64"])
def test_undecodable_bodies_get_400(client, channel, charset):
    client.cookies["csrftoken"] = "a" * 32
    body = b"enterprise_name=%ff%fe\xff\xfe\x81&csrfmiddlewaretoken=" + b"a" * 32
    for path in (f"/s/{channel.code}/", "/accounts/login/", "/search/"):
        response = client.generic("POST", path, body, content_type=f"application/x-www-form-urlencoded; charset={charset}")
        assert response.status_code in (400, 403, 405), (charset, path, response.status_code)
    response = client.generic("POST", f"/s/{channel.code}/", body,
                              content_type="application/x-www-form-urlencoded; charset=hex")
    assert response.status_code == 400 and "请求无效" in response.content.decode()


def test_control_characters_in_the_query_string_are_removed(strict_client, wagtail_site):
    response = strict_client.get("/search/", {"q": "工伤\x00保险\x1f"})
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == "工伤保险"


def test_consultation_time_loses_control_characters(strict_client, channel, survey):
    from surveys.models import ConsultationRequest

    client = strict_client
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    result_url = client.post(f"/s/{channel.code}/", data)["Location"]
    response = client.post(result_url.rstrip("/") + "/consult/", {"phone": "139\x0012345678", "preferred_time": "上午\x00九点"})
    assert response.status_code == 302
    item = ConsultationRequest.objects.get()
    assert (item.phone, item.preferred_time) == ("13912345678", "上午九点")
