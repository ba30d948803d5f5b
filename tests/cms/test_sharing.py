"""Sharing an article: Open Graph, Twitter and WeChat (itemprop) tags with an image URL that
resolves, short slugs for Chinese titles, a favicon and touch icons."""

import datetime
import io
import re

from PIL import Image as PILImage

from django.contrib.staticfiles import finders
from django.core.files.images import ImageFile

from wagtail.images.models import Image

from cms.demo import _publish
from cms.models import PolicyArticlePage


def meta(html: str, key: str) -> str:
    found = re.search(rf'<meta (?:property|name|itemprop)="{re.escape(key)}" content="([^"]*)"', html)
    assert found, key
    return found.group(1)


def png() -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (179, 38, 30)).save(buffer, "PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name="share.png")


def chinese_article(index, **extra) -> PolicyArticlePage:
    title = "小微企业职工发生工伤后，单位和个人应当在多长时间内申请工伤认定？"
    return _publish(index, PolicyArticlePage(
        title=title, slug=title, summary="事故发生之日起30日内由单位申请，1年内可由职工或近亲属申请。",
        issued_on=datetime.date(2024, 3, 1), body=[], **extra,
    ))


def test_article_carries_share_tags_and_its_image_resolves(client, articles):
    image = Image.objects.create(title="分享图", file=png())
    article = chinese_article(articles, share_image=image)
    page = client.get(article.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert meta(html, "og:title") == article.title
    assert meta(html, "og:description") == article.summary
    assert meta(html, "twitter:card") == "summary_large_image" and meta(html, "image") == meta(html, "og:image")
    image_url = meta(html, "og:image")
    assert image_url.startswith("http://testserver/images/") and meta(html, "twitter:image") == image_url
    fetched = client.get(image_url.removeprefix("http://testserver"))
    assert fetched.status_code == 200 and fetched["Content-Type"] == "image/png"
    with PILImage.open(io.BytesIO(b"".join(fetched.streaming_content if fetched.streaming else [fetched.content]))) as shot:
        assert shot.size == (1200, 630)


def test_an_article_without_images_shares_the_site_card(client, articles):
    html = client.get(articles.get_children().live().first().url).content.decode()
    assert meta(html, "og:image").endswith("/static/img/share.png") and finders.find("img/share.png")
    assert meta(html, "og:description")


def test_a_chinese_title_gets_a_short_slug(articles):
    first, second = chinese_article(articles), chinese_article(articles)
    assert first.slug == "article-20240301" and second.slug == "article-20240301-2"
    assert first.url == "/policy/article-20240301/"


def test_favicon_and_touch_icons_are_served(client, home):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/x-icon" and icon.content[:4] == b"\x00\x00\x01\x00"
    html = client.get("/").content.decode()
    touch = re.search(r'<link rel="apple-touch-icon" href="([^"]+)"', html).group(1)
    assert finders.find(touch.removeprefix("/static/"))


def test_header_links_are_tall_enough_to_tap():
    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    assert re.search(r"\.site-nav a \{[^}]*min-height: 44px", css)
    assert re.search(r"\.site-header \.brand \{[^}]*min-height: 44px", css)
