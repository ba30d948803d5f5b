"""/q/<code>: a scan is counted and the visitor lands on the survey with the channel."""

import datetime
import threading

import pytest

from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from campaigns.models import Channel, Scan
from campaigns.scans import scan_counts


def answer_url(channel):
    try:
        return reverse("surveys:answer", kwargs={"code": channel.code})
    except NoReverseMatch:
        return f"/s/{channel.code}/"


def test_scan_counts_and_redirects_to_the_survey_with_the_channel(client, make_channel):
    """A campaign that measures no survey: /q/ redirects to the answering URL, which says so."""
    channel = make_channel("东流镇", Channel.Kind.WECHAT)
    other = make_channel("东流镇", Channel.Kind.POSTER)
    for expected in (1, 2, 3):
        response = client.get(f"/q/{channel.code}")
        assert response.status_code == 302
        assert response["Location"] == answer_url(channel)
        assert channel.code in response["Location"]
        assert Scan.objects.filter(channel=channel).count() == expected
    assert scan_counts([channel, other]) == {channel.pk: 3}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_scan_url_matches_the_printed_short_url(client, make_channel, settings):
    from campaigns.qr import channel_url

    settings.CANBAO_PUBLIC_BASE_URL = "http://testserver"
    channel = make_channel()
    path = channel_url(channel).removeprefix("http://testserver")
    assert path == f"/q/{channel.code}"
    assert client.get(path).status_code == 302
    assert client.get(path.upper().replace("/Q/", "/q/")).status_code == 302  # typed in capitals
    assert Scan.objects.count() == 2


def test_scan_records_no_personal_data():
    fields = {f.name for f in Scan._meta.get_fields()}
    assert fields == {"id", "channel", "scanned_at"}


@pytest.mark.parametrize(("setup", "status", "text"), [
    ("unknown", 404, "没有找到这个二维码"),
    ("paused", 410, "暂时停用"),
    ("expired", 410, "已过期"),
])
def test_unknown_paused_or_expired_codes_get_a_friendly_page(client, make_channel, setup, status, text):
    code = "zzzzzzzz"
    if setup == "paused":
        code = make_channel(is_active=False).code
    elif setup == "expired":
        code = make_channel(expires_at=timezone.now() - datetime.timedelta(minutes=1)).code
    response = client.get(f"/q/{code}")
    assert response.status_code == status
    body = response.content.decode()
    assert text in body and "返回首页" in body and "Traceback" not in body
    assert Scan.objects.count() == 0


def test_pausing_or_expiring_a_channel_takes_effect_at_once(client, make_channel):
    """The public lookup is cached; a staff save must still stop the very next scan."""
    channel = make_channel()
    assert client.get(f"/q/{channel.code}").status_code == 302  # now cached
    channel.is_active = False
    channel.save()
    assert client.get(f"/q/{channel.code}").status_code == 410
    channel.is_active = True
    channel.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    channel.save()
    response = client.get(f"/q/{channel.code}")
    assert response.status_code == 410 and "已过期" in response.content.decode()
    channel.expires_at = None
    channel.save()
    assert client.get(f"/q/{channel.code}").status_code == 302
    code = channel.code
    channel.delete()
    assert client.get(f"/q/{code}").status_code == 404
    assert Scan.objects.count() == 0  # the deleted channel's scans went with it


def test_codes_are_unguessable_and_unique(make_channel):
    codes = {make_channel(kind=kind).code for kind in Channel.Kind}
    assert len(codes) == len(Channel.Kind)
    assert all(len(c) == 8 and c.isalnum() for c in codes)


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_are_all_counted(townships):
    from campaigns.models import Campaign

    campaign = Campaign.objects.create(name="并发测试", starts_on=datetime.date(2024, 3, 1), ends_on=datetime.date(2024, 12, 31))
    channel = Channel.objects.create(campaign=campaign, township=townships["尧渡镇"], kind=Channel.Kind.POSTER)
    threads_count, per_thread = 8, 10
    statuses: list[int] = []
    barrier = threading.Barrier(threads_count)

    def worker():
        client = Client()
        barrier.wait()
        try:
            for _ in range(per_thread):
                statuses.append(client.get(f"/q/{channel.code}").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * threads_count * per_thread
    assert Scan.objects.filter(channel=channel).count() == threads_count * per_thread


def test_scan_then_answer_is_attributed_to_the_channel(client, campaign, make_channel):
    """End to end with the surveys app: scan the QR, answer the form it opens, and the
    stored response carries the scanned channel and its township."""
    from django.core.cache import cache

    from surveys.awareness import build_awareness_survey
    from surveys.models import Response
    from tests.surveys.conftest import form_token, valid_answers

    cache.clear()  # survey definitions are cached by id; start clean
    campaign.survey = build_awareness_survey()
    campaign.save()
    channel = make_channel("张溪镇", Channel.Kind.TOWNSHIP_OFFICE)
    # The QR URL shows the form in place (no redirect: one round trip less on a slow phone)...
    page = client.get(f"/q/{channel.code}")
    assert page.status_code == 200
    assert Scan.objects.filter(channel=channel).count() == 1
    html = page.content.decode()
    answer_url = reverse("surveys:answer", kwargs={"code": channel.code})
    assert f'action="{answer_url}"' in html and "张溪镇" in html
    # ...and switching language returns to the answering URL, not to /q/ (no second scan).
    assert f'name="next" value="{answer_url}"' in html
    data = valid_answers(campaign.survey) | {"form_token": form_token(html)}
    assert client.post(answer_url, data).status_code == 302
    assert Scan.objects.filter(channel=channel).count() == 1
    response = Response.objects.get()
    assert response.channel_id == channel.pk and response.township_id == channel.township_id


def test_each_scan_of_a_survey_channel_is_counted_and_gets_its_own_form(client, campaign, make_channel):
    from surveys.awareness import build_awareness_survey
    from surveys.models import FormToken
    from tests.surveys.conftest import form_token

    campaign.survey = build_awareness_survey()
    campaign.save()
    channel = make_channel("尧渡镇", Channel.Kind.POSTER)
    tokens = set()
    for expected in (1, 2):
        page = client.get(f"/q/{channel.code}")
        assert page.status_code == 200
        assert "private" in page["Cache-Control"] and "no-cache" in page["Cache-Control"]
        tokens.add(form_token(page.content.decode()))
        assert Scan.objects.filter(channel=channel).count() == expected
    assert len(tokens) == 2 and FormToken.objects.filter(channel=channel).count() == 2
    channel.is_active = False
    channel.save()
    page = client.get(f"/q/{channel.code}")
    assert page.status_code == 410 and "暂时停用" in page.content.decode()
    assert Scan.objects.filter(channel=channel).count() == 2


def test_the_qr_url_only_answers_get(client, make_channel):
    channel = make_channel()
    assert client.post(f"/q/{channel.code}").status_code == 405
    assert Scan.objects.count() == 0
