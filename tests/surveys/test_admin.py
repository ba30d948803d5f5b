"""The survey builder in the Wagtail admin, versions, and consultation follow-ups."""

import datetime

import pytest

from django.core.management import call_command
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts import roles
from campaigns.models import Campaign, Channel
from surveys.models import ConsultationRequest, Option, Question, Response, Survey

from .conftest import VALID_USCC, form_token, open_form, valid_answers


def edit_url(survey):
    return f"/admin/snippets/surveys/survey/edit/{survey.pk}/"


def survey_form_data(survey, change=None):
    """The edit form's POST data for a survey as stored; `change(questions)` may alter it."""
    questions = []
    for q in Question.objects.filter(survey=survey).order_by("position", "id"):
        options = [
            {"id": o.id, "position": o.position, "label": o.label, **({"is_correct": "on"} if o.is_correct else {})}
            for o in Option.objects.filter(question=q).order_by("position", "id")
        ]
        questions.append({
            "id": q.id, "position": q.position, "kind": q.kind, "role": q.role, "text": q.text,
            "help_text": q.help_text, **({"required": "on"} if q.required else {}), "explanation": q.explanation,
            "source": q.source, "policy_page": "", "options": options,
            **({"shuffle_options": "on"} if q.shuffle_options else {}), **({"offer_unsure": "on"} if q.offer_unsure else {}),
        })
    if change:
        change(questions)
    for q in questions:
        q["options"] = inline_formset(q["options"], initial=sum(1 for o in q["options"] if "id" in o))
    return nested_form_data({
        "title": survey.title, "intro": survey.intro, "opens_at": "", "closes_at": "",
        "pass_mark": survey.pass_mark, "questions": inline_formset(questions, initial=len(questions)),
    })


def answer_once(client, channel, survey, uscc=VALID_USCC[0]):
    data = valid_answers(survey, uscc=uscc) | {"form_token": form_token(open_form(client, channel))}
    response = client.post(f"/s/{channel.code}/", data)
    assert response.status_code == 302
    return Response.objects.get(form_token=data["form_token"]), response.url


def test_builder_edits_freely_before_responses(client, reviewer, survey):
    client.force_login(reviewer)
    page = client.get(edit_url(survey))
    assert page.status_code == 200 and "企业身份信息" in page.content.decode()

    def relabel(questions):
        questions[2]["options"][0]["label"] = "应当参加"

    response = client.post(edit_url(survey), survey_form_data(survey, relabel))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Option.objects.filter(label="应当参加").exists()


def test_meaning_changes_are_refused_once_answered(client, reviewer, survey, channel):
    answer_once(client, channel, survey)
    client.force_login(reviewer)

    def move_correct_answer(questions):
        options = questions[2]["options"]
        options[0].pop("is_correct")
        options[1]["is_correct"] = "on"

    response = client.post(edit_url(survey), survey_form_data(survey, move_correct_answer))
    assert response.status_code == 200
    page = response.content.decode()
    assert "已有 1 份答卷" in page and "创建新版本" in page
    assert Option.objects.get(pk=survey_form_data(survey)["questions-2-options-0-id"]).is_correct

    def drop_question(questions):
        questions[3]["DELETE"] = "1"

    assert "删除题目" in client.post(edit_url(survey), survey_form_data(survey, drop_question)).content.decode()
    assert Question.objects.filter(survey=survey).count() == 18

    def harmless(questions):
        questions[2]["explanation"] = "解析更新：个体工商户有雇工的也应参保。"

    assert client.post(edit_url(survey), survey_form_data(survey, harmless)).status_code == 302


def test_new_version_keeps_old_answers_and_moves_the_campaign(client, reviewer, survey, channel):
    old_response, result_url = answer_once(client, channel, survey)
    client.force_login(reviewer)
    listing = client.get("/admin/snippets/surveys/survey/").content.decode()
    assert f"/admin/surveys/new-version/{survey.pk}/" in listing
    assert "创建第2版" in client.get(f"/admin/surveys/new-version/{survey.pk}/").content.decode()
    response = client.post(f"/admin/surveys/new-version/{survey.pk}/")
    new = Survey.objects.get(previous_version=survey)
    assert response.status_code == 302 and (new.version, new.questions.count()) == (2, 18)
    assert Campaign.objects.get(pk=channel.campaign_id).survey == new
    assert old_response.answers.count() == 18 and Response.objects.get(pk=old_response.pk).survey == survey
    client.logout()
    assert "15 / 15" in client.get(result_url).content.decode()
    # The channel, looked up (and cached) while answering version 1, serves version 2 at once.
    form = client.get(f"/q/{channel.code}").content.decode()
    first_new = new.questions.order_by("position", "id").first()
    assert f'name="q{first_new.pk}"' in form
    assert not any(f'name="q{q.pk}"' in form for q in survey.questions.all())


@pytest.fixture
def consultation(client, channel, survey, townships):
    response, result_url = answer_once(client, channel, survey)
    page = client.post(result_url + "consult/", {"phone": "139 1234 5678", "preferred_time": "工作日下午"})
    assert page.status_code == 302
    assert "已收到您的咨询请求" in client.get(result_url).content.decode()
    return ConsultationRequest.objects.get(response=response)


def test_consultation_request_is_validated(client, channel, survey):
    _, result_url = answer_once(client, channel, survey)
    page = client.post(result_url + "consult/", {"phone": "12345", "preferred_time": ""})
    assert page.status_code == 400 and "11位手机号码" in page.content.decode()
    assert ConsultationRequest.objects.count() == 0
    assert "用途说明" in client.get(result_url).content.decode()


def test_township_officer_sees_and_closes_the_follow_up(client, consultation, officer_yaodu):
    assert consultation.phone == "13912345678" and consultation.township.name == "尧渡镇"
    client.force_login(officer_yaodu)
    listing = client.get("/admin/surveys/consultations/").content.decode()
    assert "东至县测试商贸有限公司" in listing and "139****5678" in listing and "13912345678" not in listing
    assert "/admin/surveys/consultations/" in client.get("/admin/").content.decode()  # menu item
    closed = client.post(f"/admin/surveys/consultations/{consultation.pk}/", {"note": "已电话联系"})
    assert closed.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.status, consultation.note, consultation.closed_by) == ("closed", "已电话联系", officer_yaodu)


def test_other_townships_and_editors_do_not_see_it(client, consultation, officer_dongliu, editor, reviewer):
    client.force_login(officer_dongliu)
    assert "东至县测试商贸有限公司" not in client.get("/admin/surveys/consultations/").content.decode()
    assert client.get(f"/admin/surveys/consultations/{consultation.pk}/").status_code == 404
    client.force_login(editor)
    assert client.get("/admin/surveys/consultations/").status_code in (302, 403)
    client.force_login(reviewer)
    assert "139****5678" in client.get("/admin/surveys/consultations/").content.decode()


def test_numbers_are_masked_until_a_recorded_reveal(client, consultation, officer_yaodu, officer_dongliu,
                                                     administrator):
    from accounts.models import AuditEntry

    reveal = f"/admin/surveys/consultations/{consultation.pk}/reveal/"
    for user in (officer_yaodu, administrator):
        client.force_login(user)
        for page in ("/admin/surveys/consultations/", f"/admin/surveys/consultations/{consultation.pk}/"):
            assert "13912345678" not in client.get(page).content.decode()
        assert "显示号码" in client.get(f"/admin/surveys/consultations/{consultation.pk}/").content.decode()
        assert client.get(reveal).status_code == 405  # a GET (a prefetch, a crawler) reveals nothing
        shown = client.post(reveal)
        assert shown.status_code == 200 and "13912345678" in shown.content.decode()
    entries = list(AuditEntry.objects.order_by("created_at"))
    assert [(e.user, e.action, e.township.name) for e in entries] == [
        (officer_yaodu, "reveal_phone", "尧渡镇"), (administrator, "reveal_phone", "尧渡镇")]
    assert entries[0].subject == f"ConsultationRequest #{consultation.pk}"
    client.force_login(officer_dongliu)
    assert client.post(reveal).status_code == 404
    assert AuditEntry.objects.count() == 2
    client.force_login(administrator)
    log = client.get("/admin/reports/exports/").content.decode()
    assert "显示号码" in log and officer_yaodu.email in log


def test_phone_is_masked_for_users_who_may_not_see_it(consultation, make_user):
    from surveys.admin_views import _decorate

    other = make_user(roles.OFFICER, "东流镇")
    assert _decorate(consultation, other).shown_phone == "139****5678"


def test_expired_phones_are_erased(consultation, settings):
    ConsultationRequest.objects.filter(pk=consultation.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=181)
    )
    fresh_channel = Channel.objects.get(pk=consultation.response.channel_id)
    assert fresh_channel is not None
    call_command("erase_expired_phones")
    consultation.refresh_from_db()
    assert consultation.phone == "" and consultation.phone_erased_at is not None
    assert consultation.response.uscc == VALID_USCC[0]  # answers stay
