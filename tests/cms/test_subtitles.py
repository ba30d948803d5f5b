"""Video subtitles: a WebVTT document on the video block, rendered as a same-origin <track>."""

import re

import pytest

from django.core.files.base import ContentFile

from wagtail.blocks import StreamValue
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.models import Document

from cms.blocks import VideoBlock
from cms.demo_media import ensure_subtitles, ensure_video
from cms.models import PolicyArticlePage

TRACK = re.compile(r'<track kind="subtitles" srclang="zh" label="中文" src="([^"]+)" default>')


def _document(name: str, content: bytes) -> Document:
    document = Document(title=name)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def test_article_video_with_vtt_renders_a_track_that_serves_webvtt(client, articles):
    article = PolicyArticlePage.objects.live().first()
    video, subtitles = ensure_video(), ensure_subtitles()
    body = list(article.body.raw_data)
    body.append({"type": "video", "value": {"video": video.pk, "caption": "测试视频", "subtitles": subtitles.pk}})
    article.body = StreamValue(article.body.stream_block, body, is_lazy=True)
    article.save_revision().publish()

    response = client.get(article.url)
    html = response.content.decode()
    match = TRACK.search(html)
    assert match, html
    assert html.index("<video") < match.start() < html.index("</video>")
    src = match.group(1)
    assert src.startswith("/")  # same origin: allowed by the page's media-src 'self'
    assert "media-src 'self'" in response["Content-Security-Policy"]

    track = client.get(src)
    assert track.status_code == 200
    assert track["Content-Type"].startswith("text/vtt")
    assert b"".join(track.streaming_content if track.streaming else [track.content]).startswith(b"WEBVTT")


def test_demo_publicity_video_carries_chinese_subtitles(client, publicity_month):
    html = client.get(publicity_month.url).content.decode()
    src = TRACK.search(html).group(1)
    body = b"".join(client.get(src).streaming_content)
    assert body.startswith(b"WEBVTT") and "参加工伤保险".encode() in body


@pytest.mark.parametrize(
    ("name", "content"),
    [("leaflet.pdf", b"%PDF-1.4 not subtitles"), ("fake.vtt", b"1\n00:00:00.000 --> 00:00:01.000\nhello\n"),
     ("WEBVTTX.vtt", b"WEBVTTX\n")],
)
def test_block_refuses_a_document_that_is_not_webvtt(db, name, content):
    block = VideoBlock()
    value = block.to_python({"video": ensure_video().pk, "caption": "", "subtitles": _document(name, content).pk})
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert "subtitles" in caught.value.block_errors
    assert "WebVTT" in str(caught.value.block_errors["subtitles"])


def test_block_accepts_webvtt_with_or_without_a_byte_order_mark_and_no_subtitles(db):
    block = VideoBlock()
    video = ensure_video().pk
    for subtitles in (ensure_subtitles().pk, _document("bom.vtt", b"\xef\xbb\xbfWEBVTT\n\n").pk, None):
        value = block.to_python({"video": video, "caption": "", "subtitles": subtitles})
        assert block.clean(value)["subtitles"] == (Document.objects.get(pk=subtitles) if subtitles else None)
