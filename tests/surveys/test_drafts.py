"""Drafts: answers survive a reload and re-opening the QR code within 24 hours, kept on the
server under the form's token (without JavaScript: when a submission comes back with
errors; with it: by autosave)."""

import datetime

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from surveys.definition import build_definition
from surveys.models import SurveyDraft

from .conftest import VALID_USCC, csrf_token, form_token, open_form, valid_answers


def half_answers(survey) -> dict:
    data = valid_answers(survey)
    fields = [q.field for q in build_definition(survey).questions]
    return {k: v for k, v in data.items() if k not in fields[len(fields) // 2:]}


def checked(html: str, name: str, value: str) -> bool:
    return f'name="{name}" value="{value}" checked' in html


def test_a_form_sent_with_errors_comes_back_on_reload_and_on_the_qr_code(client, channel, survey):
    html = open_form(client, channel)
    token = form_token(html)
    data = half_answers(survey) | {"form_token": token}
    assert client.post(f"/s/{channel.code}/", data).status_code == 400  # half the questions missing
    first = build_definition(survey).questions[2]
    for url in (f"/s/{channel.code}/", f"/q/{channel.code}"):
        again = client.get(url).content.decode()
        assert form_token(again) == token
        assert 'value="东至县测试商贸有限公司"' in again and f'value="{VALID_USCC[0]}"' in again
        assert checked(again, first.field, data[first.field])
        assert "sv-errors" not in again  # a kept draft, not an error page
    blank = open_form(Client(), channel)  # another phone: a blank form of its own
    assert "东至县测试商贸有限公司" not in blank and not checked(blank, first.field, data[first.field])


def test_autosave_keeps_answers_for_24_hours_even_past_midnight(client, channel, survey):
    html = open_form(client, channel)
    token = form_token(html)
    data = half_answers(survey) | {"form_token": token, "csrfmiddlewaretoken": csrf_token(html)}
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.cookies = client.cookies
    assert csrf_client.post(f"/s/{channel.code}/draft/", data).status_code == 204
    assert SurveyDraft.objects.get(token=token).values["enterprise_name"] == ["东至县测试商贸有限公司"]
    del client.cookies["canbao_form"]  # the day's form cookie is gone (after midnight): the draft's stays
    again = client.get(f"/q/{channel.code}").content.decode()
    assert form_token(again) == token and 'value="东至县测试商贸有限公司"' in again
    SurveyDraft.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=25))
    assert 'value="东至县测试商贸有限公司"' not in client.get(f"/q/{channel.code}").content.decode()


def test_autosave_refuses_forged_foreign_and_spent_tokens(client, channel, survey):
    assert client.post(f"/s/{channel.code}/draft/", {"form_token": "x" * 43}).status_code == 400
    token = form_token(open_form(client, channel))
    assert client.post(f"/s/{channel.code}/draft/", {"form_token": token, "uscc": VALID_USCC[0]}).status_code == 204
    assert client.post(f"/s/{channel.code}/", valid_answers(survey) | {"form_token": token}).status_code == 302
    assert not SurveyDraft.objects.exists()  # stored: the draft is gone
    assert client.post(f"/s/{channel.code}/draft/", {"form_token": token, "uscc": VALID_USCC[0]}).status_code == 400
    fresh = open_form(client, channel)
    assert form_token(fresh) != token and VALID_USCC[0] not in fresh  # the next firm gets a blank form


def test_only_the_survey_fields_are_kept(client, channel, survey):
    token = form_token(open_form(client, channel))
    client.post(f"/s/{channel.code}/draft/", {"form_token": token, "uscc": "9134", "evil": "x", "website": "y"})
    assert SurveyDraft.objects.get(token=token).values == {"uscc": ["9134"]}


def test_expired_drafts_are_erased_by_the_periodic_command(client, channel, survey):
    from core.periodic import SCHEDULE

    assert "erase_expired_drafts" in {p.command for p in SCHEDULE}
    token = form_token(open_form(client, channel))
    client.post(f"/s/{channel.code}/draft/", {"form_token": token, "uscc": "9134"})
    call_command("erase_expired_drafts", verbosity=0)
    assert SurveyDraft.objects.count() == 1
    SurveyDraft.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=25))
    call_command("erase_expired_drafts", verbosity=0)
    assert not SurveyDraft.objects.exists()


def test_the_form_shows_progress_numbers_and_where_to_find_the_uscc(client, channel, survey):
    html = open_form(client, channel)
    count = len(build_definition(survey).questions)
    assert f"共 {count} 题" in html and f"/ {count} 题" in html
    assert "1. " in html and f"{count}. " in html
    assert "营业执照" in html and "<svg" in html
    assert 'src="/static/js/survey.js"' in html and f'data-draft="/s/{channel.code}/draft/"' in html
