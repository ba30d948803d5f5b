"""Form starts and submissions for the funnel: a reload is no new start, a bot opens no
form, a form sent with errors counts as submitted, and the public path stays cheap."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from surveys.models import FormToken, Response

from .conftest import VALID_USCC, form_token, open_form, valid_answers


def test_reloads_and_the_language_switch_reuse_the_unanswered_form(client, channel):
    first = form_token(open_form(client, channel))
    for _ in range(5):
        assert form_token(open_form(client, channel)) == first
    switched = client.post("/i18n/setlang/", {"language": "en", "next": f"/s/{channel.code}/"}, follow=True)
    assert form_token(switched.content.decode()) == first
    assert FormToken.objects.count() == 1
    assert form_token(open_form(Client(), channel)) != first  # another browser, another start
    assert FormToken.objects.count() == 2


def test_a_token_of_yesterday_or_of_another_channel_is_not_reused(client, channel, campaign, townships):
    import datetime
    from unittest import mock

    from campaigns.models import Channel
    from surveys import tokens

    yesterday = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(days=1)
    with mock.patch.object(tokens.time, "time", return_value=yesterday.timestamp()):
        old = form_token(open_form(client, channel))
    assert form_token(open_form(client, channel)) != old
    other = Channel.objects.create(campaign=campaign, township=townships["东流镇"], kind=Channel.Kind.VISIT)
    here = form_token(open_form(client, channel))
    assert form_token(open_form(client, other)) != here
    assert FormToken.objects.count() == 3  # yesterday's, today's here, today's on the other channel


def test_a_crawler_opening_the_answer_url_opens_no_form(channel):
    page = Client(HTTP_USER_AGENT="Mozilla/5.0 (compatible; Baiduspider/2.0)").get(f"/s/{channel.code}/")
    assert page.status_code == 200 and 'name="form_token" value=""' in page.content.decode()
    assert FormToken.objects.count() == 0


def test_a_form_sent_with_errors_counts_as_submitted_in_one_statement(client, channel, survey):
    token = form_token(open_form(client, channel))
    data = valid_answers(survey) | {"form_token": token, "uscc": "91341721MA2NBT6Q1X"}  # a wrong check character
    with CaptureQueriesContext(connection) as queries:
        assert client.post(f"/s/{channel.code}/", data).status_code == 400
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "SET"))
              and "surveydraft" not in q["sql"]]  # the answers kept as a draft (surveys.drafts) apart
    assert len(writes) == 1 and "first_submitted_at" in writes[0]
    sent = FormToken.objects.get(token=token)
    assert sent.first_submitted_at is not None and sent.used_at is None
    # Corrected and stored: the first sending time stays, the token is spent.
    assert client.post(f"/s/{channel.code}/", data | {"uscc": VALID_USCC[0]}).status_code == 302
    stored = FormToken.objects.get(token=token)
    assert stored.first_submitted_at == sent.first_submitted_at and stored.used_at is not None


def test_a_stored_form_records_its_submission_without_an_extra_statement(client, channel, survey):
    token = form_token(open_form(client, channel))
    assert client.post(f"/s/{channel.code}/", valid_answers(survey) | {"form_token": token}).status_code == 302
    row = FormToken.objects.get(token=token)
    assert row.first_submitted_at == row.used_at == Response.objects.get().submitted_at


def test_an_answered_firm_sending_again_counts_as_submitted(client, channel, survey):
    data = valid_answers(survey)
    assert client.post(f"/s/{channel.code}/", data | {"form_token": form_token(open_form(client, channel))}).status_code == 302
    again = form_token(open_form(client, channel))
    assert client.post(f"/s/{channel.code}/", data | {"form_token": again}).status_code == 409
    row = FormToken.objects.get(token=again)
    assert row.first_submitted_at is not None and row.used_at is None
