"""PIPL controls on the public side: the purpose notice before the USCC field, posters
that say what is collected, and deletion on request keeping the figures."""

import pytest

from django.core.management import call_command

from accounts import roles
from accounts.models import AuditEntry
from surveys.models import Answer, AnswerChoice, ConsultationRequest, Response

from .conftest import VALID_USCC, form_token, open_form, valid_answers

pytestmark = pytest.mark.django_db


def test_purpose_notice_comes_before_the_uscc_field(client, channel):
    page = open_form(client, channel)
    notice = page.index('id="f-purpose"')
    assert notice < page.index('name="uscc"')
    assert "信息用途说明" in page and "不对外公开" in page and "删除" in page


def test_poster_says_what_is_collected():
    from campaigns.posters import INSTRUCTIONS

    text = "".join(INSTRUCTIONS)
    assert "匿名" not in text
    assert "仅收集企业信息" in text and "联系电话仅在您申请回访时填写" in text


def test_deletion_on_request_blanks_personal_data_and_keeps_the_figures(client, channel, survey, make_user):
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    result_url = client.post(f"/s/{channel.code}/", data)["Location"]
    assert client.post(result_url.rstrip("/") + "/consult/", {"phone": "13912345678", "preferred_time": "上午"}).status_code == 302
    assert "东至县测试商贸有限公司" in client.get(result_url).content.decode()  # cached result page
    response = Response.objects.get()
    figures = (response.score, response.passed, response.insured, Answer.objects.count(), AnswerChoice.objects.count())

    officer = make_user(roles.OFFICER, "尧渡镇")
    call_command("erase_survey_personal_data", VALID_USCC[0].lower(), by=officer.email, reason="电话申请")

    response.refresh_from_db()
    assert response.enterprise_name == "（已按申请删除）" and response.uscc == VALID_USCC[0]
    assert (response.score, response.passed, response.insured, Answer.objects.count(),
            AnswerChoice.objects.count()) == figures
    assert not Answer.objects.filter(question__kind__in=["short_text", "long_text"]).exclude(text_value="").exists()
    consultation = ConsultationRequest.objects.get()
    assert (consultation.phone, consultation.preferred_time) == ("", "") and consultation.phone_erased_at
    assert "东至县测试商贸有限公司" not in client.get(result_url).content.decode()
    entry = AuditEntry.objects.get(action="erase_on_request")
    assert entry.user == officer and entry.subject == VALID_USCC[0]
    assert entry.detail == {"responses": 1, "texts": 1, "consultations": 1, "reason": "电话申请"}
