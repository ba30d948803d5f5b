"""/q/<code>: a scan is counted once per browser, channel and day (HEAD requests, link
previews and crawlers not at all) and the visitor lands on the survey with the channel."""

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


PHONE = ("Mozilla/5.0 (Linux; Android 12; V2118A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.99 "
         "XWEB/4435 MMWEBSDK/20230405 Mobile Safari/537.36 MMWEBID/1234 MicroMessenger/8.0.35.2360(0x28002337) "
         "WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64")


def test_scan_counts_and_redirects_to_the_survey_with_the_channel(make_channel):
    """A campaign that measures no survey: /q/ redirects to the answering URL, which says so.
    Three phones scanning count three scans."""
    channel = make_channel("东流镇", Channel.Kind.WECHAT)
    other = make_channel("东流镇", Channel.Kind.POSTER)
    for expected in (1, 2, 3):
        response = Client(HTTP_USER_AGENT=PHONE).get(f"/q/{channel.code}")
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
    assert Client().get(path.upper().replace("/Q/", "/q/")).status_code == 302  # typed in capitals
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
        barrier.wait()
        try:
            for _ in range(per_thread):  # a phone each time
                statuses.append(Client().get(f"/q/{channel.code}").status_code)
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


def test_each_phone_scanning_a_survey_channel_is_counted_and_gets_its_own_form(client, campaign, make_channel):
    from surveys.awareness import build_awareness_survey
    from surveys.models import FormToken
    from tests.surveys.conftest import form_token

    campaign.survey = build_awareness_survey()
    campaign.save()
    channel = make_channel("尧渡镇", Channel.Kind.POSTER)
    tokens = set()
    for expected, phone in ((1, client), (2, Client())):
        page = phone.get(f"/q/{channel.code}")
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


@pytest.fixture
def survey_channel(campaign, make_channel):
    from surveys.awareness import build_awareness_survey

    campaign.survey = build_awareness_survey()
    campaign.save()
    return make_channel("东流镇", Channel.Kind.POSTER)


def test_fifty_reloads_by_one_browser_count_one_scan_and_one_start(survey_channel):
    from surveys.models import FormToken
    from tests.surveys.conftest import form_token

    phone = Client(HTTP_USER_AGENT=PHONE)  # keeps its cookies, as a phone's browser does
    tokens = set()
    for _ in range(50):
        page = phone.get(f"/q/{survey_channel.code}")
        assert page.status_code == 200
        tokens.add(form_token(page.content.decode()))
    assert Scan.objects.filter(channel=survey_channel).count() == 1
    # The same unanswered form each time: one start, however often it is reloaded.
    assert len(tokens) == 1 and FormToken.objects.filter(channel=survey_channel).count() == 1
    # Another channel scanned by the same phone is a scan of its own.
    other = Channel.objects.create(campaign=survey_channel.campaign, township=survey_channel.township,
                                   kind=Channel.Kind.SERVICE_HALL)
    phone.get(f"/q/{other.code}")
    phone.get(f"/q/{survey_channel.code}")
    assert scan_counts([survey_channel, other]) == {survey_channel.pk: 1, other.pk: 1}


def test_the_same_browser_counts_again_the_next_day(survey_channel):
    from campaigns.visitors import SCAN_COOKIE

    phone = Client(HTTP_USER_AGENT=PHONE)
    phone.get(f"/q/{survey_channel.code}")
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%Y%m%d")
    phone.cookies[SCAN_COOKIE] = f"{yesterday}:{survey_channel.code}"
    phone.get(f"/q/{survey_channel.code}")
    assert Scan.objects.filter(channel=survey_channel).count() == 2
    cookie = phone.cookies[SCAN_COOKIE]
    assert cookie.value == f"{timezone.localdate():%Y%m%d}:{survey_channel.code}"  # a date and codes, nothing else
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.parametrize("agent", [
    "Mozilla/5.0 (compatible; WeChatBot/1.0; +https://weixin.qq.com/)",  # WeChat's link preview
    "Mozilla/5.0 (Windows NT 10.0) WeChat-LinkPreview/3.9",
    "QQ-URL-Manager",
    "Mozilla/5.0 (compatible; DingTalkBot-LinkService/1.0; +https://open.dingtalk.com)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1", "Some-Link-Preview/2.0", "curl/8.5.0",
])
def test_link_previews_and_crawlers_count_nothing(survey_channel, agent):
    from surveys.models import FormToken

    page = Client(HTTP_USER_AGENT=agent).get(f"/q/{survey_channel.code}")
    assert page.status_code == 200 and "东流镇" in page.content.decode()  # the preview still has a page
    assert Scan.objects.count() == 0 and FormToken.objects.count() == 0


def test_a_head_request_counts_nothing(survey_channel):
    from surveys.models import FormToken

    assert Client(HTTP_USER_AGENT=PHONE).head(f"/q/{survey_channel.code}").status_code == 200
    assert Scan.objects.count() == 0 and FormToken.objects.count() == 0


def test_people_in_chat_app_browsers_are_counted(survey_channel):
    """WeChat, QQ and DingTalk users browse with the app's name in their agent."""
    agents = [PHONE, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
              "Mobile/15E148 QQ/9.0.0.0 V1_IPH_SQ_9.0.0_1_APP_A Pixel/1179 Core/WKWebView NetType/WIFI QBWebViewType/1",
              "Mozilla/5.0 (Linux; U; Android 13; zh-CN; CUBOT X70) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/100.0 Mobile Safari/537.36 AliApp(DingTalk/7.5.0) com.alibaba.android.rimet"]
    for agent in agents:
        Client(HTTP_USER_AGENT=agent).get(f"/q/{survey_channel.code}")
    assert Scan.objects.filter(channel=survey_channel).count() == 3


def test_after_an_answer_the_next_scan_is_a_new_respondent(survey_channel):
    """A shared phone or service-hall tablet: once a firm's answer is stored, the next
    visitor through the QR code is counted and gets a new form."""
    from surveys.models import FormToken
    from tests.surveys.conftest import VALID_USCC, form_token, valid_answers

    tablet = Client(HTTP_USER_AGENT=PHONE)
    first = form_token(tablet.get(f"/q/{survey_channel.code}").content.decode())
    data = valid_answers(survey_channel.campaign.survey, uscc=VALID_USCC[0]) | {"form_token": first}
    assert tablet.post(f"/s/{survey_channel.code}/", data).status_code == 302
    second = form_token(tablet.get(f"/q/{survey_channel.code}").content.decode())
    assert second != first
    assert Scan.objects.filter(channel=survey_channel).count() == 2
    assert FormToken.objects.filter(channel=survey_channel).count() == 2
