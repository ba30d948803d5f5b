"""Public pages: content, survey link, accessibility basics, weight and the page cache."""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.test import Client

from campaigns.models import Campaign, Channel
from cms.models import PolicyArticlePage


def test_home_page_lists_latest_articles_and_contacts(client, articles, publicity_month):
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "最新政策解读" in html and "小微企业如何办理工伤保险参保登记" in html
    assert "东至县人力资源和社会保障局" in html and "12333" in html
    assert "2023年工伤保险参保宣传月" in html
    assert "调查即将开始" in html  # no campaign channel yet


def test_home_page_links_to_the_campaigns_county_wide_channel(client, home, townships):
    campaign = Campaign.objects.create(
        name="2023年小微企业参保扩面行动", starts_on=datetime.date(2023, 3, 1), ends_on=datetime.date(2023, 12, 31),
        deadline=datetime.date(2023, 6, 30),
    )
    poster = Channel.objects.create(campaign=campaign, township=townships["尧渡镇"], kind=Channel.Kind.POSTER)
    township_wechat = Channel.objects.create(campaign=campaign, township=townships["东流镇"], kind=Channel.Kind.WECHAT)
    html = client.get("/").content.decode()
    # A township's channel would count every website visitor in that township: no link.
    assert f"/q/{poster.code}" not in html and f"/q/{township_wechat.code}" not in html
    sms = Channel.objects.create(campaign=campaign, township=None, kind=Channel.Kind.SMS)
    website = Channel.objects.create(campaign=campaign, township=None, kind=Channel.Kind.WEBSITE)
    html = client.get("/").content.decode()
    assert f'href="/q/{website.code}"' in html and sms.code not in html  # the website channel first
    assert "2023年小微企业参保扩面行动" in html


def test_article_page_shows_source_and_structured_body(client, articles):
    html = client.get("/policy/dongzhi-2023-plan/").content.decode()
    assert "东人社秘〔2023〕14号" in html
    assert "2023年3月1日" in html
    from django.core.cache import cache

    cache.clear()  # the page cache keys by language too; start from a cold page anyway
    assert "March 1, 2023" in client.get("/policy/dongzhi-2023-plan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h2>怎样参保</h2>" in html
    assert 'class="callout callout-note"' in html
    html = client.get("/policy/how-to-register/").content.decode()
    assert '<th scope="col">事项</th>' in html


def test_article_page_weight_without_images_is_under_100_kb(client, articles):
    for article in PolicyArticlePage.objects.all():
        html = client.get(article.url).content
        css = Path(settings.BASE_DIR, "static", "css", "site.css").read_bytes()
        assert len(html) + len(css) < 100 * 1024, article.slug
        assert not re.search(rb"<script|https?://(?!127\.0\.0\.1)[^\"']*\.(js|css)", html)


def test_stylesheet_is_phone_first_and_has_a_print_section():
    css = Path(settings.BASE_DIR, "static", "css", "site.css").read_text()
    assert "@media print" in css and ":focus-visible" in css


def test_policy_index_filters_by_tag(client, articles):
    html = client.get("/policy/", {"tag": "工伤认定"}).content.decode()
    assert "发生工伤后如何申请工伤认定" in html
    assert "哪些单位必须为职工参加工伤保险" not in html


def test_publicity_month_has_schedule_posters_video_and_leaflet(client, publicity_month):
    html = client.get(publicity_month.url).content.decode()
    for township in ("尧渡镇", "东流镇", "大渡口镇", "胜利镇", "东至经济开发区"):
        assert township in html
    assert html.count("下载印刷版 PDF") == 3
    assert re.search(r'<img src="[^"]+" width="\d+" height="\d+" alt="海报：工伤保险 应保尽保', html)
    assert re.search(r'<video controls preload="metadata" playsinline poster="[^"]+\.png"', html)
    assert re.search(r'<source src="[^"]+\.mp4" type="video/mp4">', html)
    assert "宣传单：" in html


def test_faq_page_uses_details(client, articles):
    html = client.get("/faq/").content.decode()
    assert html.count("<details>") == 5


def test_anonymous_pages_are_cached_until_the_next_publish(client, articles):
    first = client.get("/policy/injury-determination/")
    assert first["X-Page-Cache"] == "miss"
    assert client.get("/policy/injury-determination/")["X-Page-Cache"] == "hit"
    article = PolicyArticlePage.objects.get(slug="injury-determination")
    article.title = "工伤认定申请指南（修订）"
    article.save_revision().publish()
    again = client.get("/policy/injury-determination/")
    assert again["X-Page-Cache"] == "miss"
    assert "工伤认定申请指南（修订）" in again.content.decode()
    assert "工伤认定申请指南（修订）" in client.get("/policy/").content.decode()


def test_signed_in_staff_bypass_the_page_cache(client, editor, articles):
    client.get("/")
    client.force_login(editor)
    response = client.get("/")
    assert "X-Page-Cache" not in response


def test_unknown_page_is_404(client, home):
    assert Client().get("/no-such-page/").status_code == 404


def test_admin_create_forms_render_for_every_page_type(client, administrator, home, articles):
    client.force_login(administrator)
    for model, parent in [("policyarticlepage", articles), ("publicitymonthpage", home), ("faqpage", home),
                          ("standardpage", home), ("policyindexpage", home)]:
        response = client.get(f"/admin/pages/add/cms/{model}/{parent.pk}/")
        assert response.status_code == 200, model


def test_home_page_phone_link_dials_the_number(client, home):
    assert 'href="tel:12333"' in client.get("/").content.decode()


def test_publicity_month_links_to_its_campaign_survey(client, publicity_month, townships):
    campaign = Campaign.objects.create(
        name="2023年扩面行动", starts_on=datetime.date(2023, 3, 1), ends_on=datetime.date(2023, 12, 31),
        deadline=datetime.date(2023, 6, 30),
    )
    Channel.objects.create(campaign=campaign, township=townships["尧渡镇"], kind=Channel.Kind.POSTER)
    channel = Channel.objects.create(campaign=campaign, township=None, kind=Channel.Kind.WECHAT)
    publicity_month.campaign = campaign
    publicity_month.save_revision().publish()
    assert f'href="/q/{channel.code}"' in client.get(publicity_month.url).content.decode()


def test_page_cache_is_kept_per_language(client, articles):
    chinese = client.get("/policy/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    english = client.get("/policy/", HTTP_ACCEPT_LANGUAGE="en")
    assert chinese["X-Page-Cache"] == english["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in english.content.decode()
