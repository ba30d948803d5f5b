"""Audio and video uploads are checked by content and size, not by their extension."""

import pytest

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtailmedia.models import Media

from cms.media_forms import check_media_file

pytestmark = pytest.mark.django_db
REAL_MP4 = (settings.BASE_DIR / "cms" / "data" / "publicity_video.mp4").read_bytes()


def _upload(client, name, data):
    from wagtail.models import Collection

    return client.post("/admin/media/video/add/", {
        "title": "宣传视频", "file": SimpleUploadedFile(name, data), "collection": Collection.get_first_root_node().pk,
    })


def test_a_web_page_renamed_to_mp4_is_refused(client, editor):
    client.force_login(editor)
    response = _upload(client, "video.mp4", b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    assert response.status_code == 200 and "可能只是改了扩展名" in response.content.decode()
    assert not Media.objects.exists()


def test_a_real_mp4_is_accepted(client, editor):
    client.force_login(editor)
    response = _upload(client, "video.mp4", REAL_MP4)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Media.objects.get().title == "宣传视频"


def test_size_cap_and_unknown_extensions(settings):
    settings.CANBAO_MEDIA_MAX_BYTES = 1024 * 1024
    assert "文件过大" in check_media_file("big.mp4", 2 * 1024 * 1024, REAL_MP4[:16])
    assert "不支持" in check_media_file("page.html", 10, b"<html>")
    assert check_media_file("song.mp3", 10, b"ID3\x04\x00") is None
    assert check_media_file("clip.webm", 10, b"\x1a\x45\xdf\xa3\x01") is None
