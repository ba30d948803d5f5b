"""Answering through HTTP: form, submission, results, exactly once."""

import re

from django.conf import settings
from django.core.cache import cache
from django.test import Client

from campaigns.models import Enterprise
from surveys.models import Answer, AnswerChoice, FormToken, Response

from .conftest import VALID_USCC, form_token, open_form, valid_answers


def test_form_renders_in_chinese_with_locked_township(client, channel):
    html = open_form(client, channel)
    assert "东至县小微企业工伤保险政策知晓度调查" in html
    assert "尧渡镇" in html and 'name="township"' not in html
    assert html.count('class="sv-q') == 18
    assert FormToken.objects.filter(used_at__isnull=True, channel=channel).count() == 1  # a "start"
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_bytes()
    assert len(html.encode()) + len(css) <= 60_000  # first load: HTML + the one stylesheet
    # Works without JavaScript: the one script (progress, autosave) is a deferred file, nothing inline.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/survey.js" defer>']


def statements(captured) -> list[str]:
    """The SQL a request ran, without the savepoints the test's own transaction adds."""
    return [q["sql"] for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def test_hot_path_is_lean(client, channel, survey):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from campaigns.channels import township_rows

    open_form(Client(), channel)  # warms the channel and definition caches
    township_rows()  # and the township list (names, office phones for the next step), as any earlier phone did
    with CaptureQueriesContext(connection) as form_queries:
        html = open_form(client, channel)
    # Only the FormToken row (a "start" for the channel funnel), one INSERT.
    assert [q.split()[0] for q in statements(form_queries)] == ["INSERT"]
    with CaptureQueriesContext(connection) as reload_queries:  # a reload is no new start
        assert form_token(open_form(client, channel)) == form_token(html)
    assert statements(reload_queries) == []
    data = valid_answers(survey, uscc=VALID_USCC[1]) | {"form_token": form_token(html)}
    with CaptureQueriesContext(connection) as post_queries:
        response = client.post(f"/s/{channel.code}/", data)
    if connection.vendor == "postgresql":
        # Token, response (with the registry sub-select), answers and choices: one statement.
        assert len(statements(post_queries)) == 1 and statements(post_queries)[0].lstrip().startswith("WITH")
    else:
        assert len(statements(post_queries)) <= 4  # token UPDATE, response, answers, choices
    assert FormToken.objects.get(token=data["form_token"]).used_at is not None
    stored = Response.objects.get()
    assert stored.started_at is not None
    assert Answer.objects.filter(response=stored).count() == 18
    assert AnswerChoice.objects.filter(answer__response=stored).count() == 15
    with CaptureQueriesContext(connection) as result_queries:  # the snapshot kept when the response was stored
        assert "15 / 15" in client.get(response.url).content.decode()
    assert statements(result_queries) == []
    cache.clear()
    with CaptureQueriesContext(connection) as cold_queries:
        assert "15 / 15" in client.get(response.url).content.decode()
    assert len(statements(cold_queries)) == 2


def test_token_of_another_channel_is_not_accepted(client, channel, survey, townships):
    from campaigns.models import Channel

    other = Channel.objects.create(campaign=channel.campaign, township=townships["东流镇"], kind=Channel.Kind.WECHAT)
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, other))}
    response = client.post(f"/s/{channel.code}/", data)
    assert response.status_code == 400 and "页面已过期" in response.content.decode()
    assert Response.objects.count() == 0


def test_valid_submission_stores_rows_and_shows_explanations(client, channel, survey, townships):
    firm = Enterprise.objects.create(name="东至县测试商贸有限公司", uscc=VALID_USCC[0], township=townships["尧渡镇"])
    html = open_form(client, channel)
    data = valid_answers(survey, uscc=" 91341721ma2nbt6q1d ") | {"form_token": form_token(html)}
    data["township"] = str(townships["东流镇"].pk)  # the township is locked by the channel
    response = client.post(f"/s/{channel.code}/", data)
    assert response.status_code == 302
    stored = Response.objects.get()
    assert response.url == f"/s/r/{stored.form_token}/"
    assert (stored.uscc, stored.enterprise, stored.township.name) == (VALID_USCC[0], firm, "尧渡镇")
    assert (stored.score, stored.max_score, stored.passed, stored.insured) == (15, 15, True, "no")
    assert Answer.objects.filter(response=stored).count() == 18
    assert AnswerChoice.objects.filter(answer__response=stored).count() == 15
    assert Answer.objects.filter(response=stored, is_correct=True, township__name="尧渡镇").count() == 15
    page = client.get(response.url).content.decode()
    assert "15 / 15" in page and "正确答案" in page and "《工伤保险条例》第二条" in page
    assert "职工个人不缴纳" in page


def test_every_csrf_token_of_a_cached_blank_form_belongs_to_its_visitor(channel):
    """The blank form is rendered once; each visitor must still get working CSRF tokens in
    both of its forms (answers and the footer's language switcher)."""
    import re

    from django.test import Client

    Client().get(f"/s/{channel.code}/")  # the first visitor fills the cache
    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get(f"/s/{channel.code}/").content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert tokens and "\x00" not in html
    for token in set(tokens):
        response = visitor.post("/i18n/setlang/", {"csrfmiddlewaretoken": token, "language": "en",
                                                    "next": f"/s/{channel.code}/"})
        assert response.status_code == 302


def test_a_survey_newly_attached_to_the_campaign_is_served_at_once(client, channel, survey):
    from surveys.awareness import build_awareness_survey

    assert survey.title in open_form(client, channel)  # the channel lookup is now cached
    campaign = channel.campaign
    campaign.survey = build_awareness_survey(title="第二期知晓度调查")
    campaign.save()
    assert "第二期知晓度调查" in open_form(client, channel)
