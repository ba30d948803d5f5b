"""Every QR output decodes back to its channel URL with a real decoder (zxing-cpp)."""

import io
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from django.urls import reverse

from campaigns.models import Channel, PosterBundle
from campaigns.qr import channel_url


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def rasterise_svg(svg: str, scale: int = 8) -> Image.Image:
    """Draw the SVG's white square and each dark-run subpath ("M x y h w v1 h-w z")."""
    root = ET.fromstring(svg.split("?>", 1)[1])  # noqa: S314 (our own output)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    _, _, width, height = (int(v) for v in root.get("viewBox").split())
    image = Image.new("L", (width * scale, height * scale), 255)
    draw = ImageDraw.Draw(image)
    path = root.find("svg:path", ns).get("d")
    runs = re.findall(r"M(\d+) (\d+)h(\d+)v1h-(\d+)z", path)
    assert runs and len("".join("".join(r) for r in runs)) > 0
    for x, y, w, back in runs:
        assert w == back
        x, y, w = int(x), int(y), int(w)
        draw.rectangle([x * scale, y * scale, (x + w) * scale - 1, (y + 1) * scale - 1], fill=0)
    return image


def rasterise_pdf(pdf: bytes, tmp_path: Path, dpi: int = 100) -> list[Image.Image]:
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(tmp_path / "page")], check=True)
    return [Image.open(p) for p in sorted(tmp_path.glob("page-*.png"))]


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    source = tmp_path / "text.pdf"
    source.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(source), "-"], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def staff_client(client, reviewer):
    client.force_login(reviewer)
    return client


def download(client, channel, fmt):
    response = client.get(reverse("canbao_posters:channel_qr", kwargs={"pk": channel.pk, "fmt": fmt}))
    assert response.status_code == 200, response
    assert "attachment" in response["Content-Disposition"]
    return response


@pytest.mark.parametrize("kind", list(Channel.Kind))
def test_png_and_svg_of_every_kind_decode_to_the_channel_url(staff_client, make_channel, kind, settings):
    settings.CANBAO_PUBLIC_BASE_URL = "https://canbao.dongzhi.gov.cn/"
    channel = make_channel("东流镇", kind)
    url = channel_url(channel)
    assert url == f"https://canbao.dongzhi.gov.cn/q/{channel.code}"
    png = download(staff_client, channel, "png")
    assert png["Content-Type"] == "image/png"
    assert decode(Image.open(io.BytesIO(png.content))) == [url]
    svg = download(staff_client, channel, "svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert decode(rasterise_svg(svg.content.decode())) == [url]


def test_poster_pdf_qr_decodes_and_text_has_the_township(staff_client, make_channel, tmp_path):
    channel = make_channel("尧渡镇", Channel.Kind.SERVICE_HALL, label="尧渡镇便民服务中心")
    response = download(staff_client, channel, "pdf")
    assert response["Content-Type"] == "application/pdf"
    pages = rasterise_pdf(response.content, tmp_path)
    assert len(pages) == 1
    assert pages[0].size[0] == pytest.approx(827, abs=2)  # A4 width at 100 dpi
    assert decode(pages[0]) == [channel_url(channel)]
    text = pdf_text(response.content, tmp_path)
    assert "尧渡镇" in text and channel.campaign.name in text
    assert channel_url(channel) in text and "扫描二维码" in text


def test_poster_qr_is_at_least_6_cm(staff_client, make_channel, tmp_path):
    channel = make_channel()
    (page,) = rasterise_pdf(download(staff_client, channel, "pdf").content, tmp_path, dpi=72)
    (result,) = zxingcpp.read_barcodes(page)
    side_points = abs(result.position.top_right.x - result.position.top_left.x)
    assert side_points / 72 * 2.54 >= 6  # finder-to-finder span alone exceeds 6 cm


def test_campaign_bundle_holds_every_poster(staff_client, campaign, make_channel, tmp_path):
    channels = [make_channel(t, k) for t in ("尧渡镇", "木塔乡", "东至经济开发区") for k in (Channel.Kind.POSTER, Channel.Kind.WECHAT)]
    make_channel("东流镇", Channel.Kind.VISIT, is_active=False)  # paused: no poster
    response = staff_client.post(reverse("canbao_posters:bundles", kwargs={"pk": campaign.pk}))
    assert response.status_code == 302
    bundle = PosterBundle.objects.get()
    assert bundle.status == PosterBundle.Status.DONE and bundle.progress == 100
    page = staff_client.get(reverse("canbao_posters:bundles", kwargs={"pk": campaign.pk}))
    assert "下载PDF" in page.content.decode()
    pdf = b"".join(staff_client.get(reverse("canbao_posters:bundle_download", kwargs={"pk": bundle.pk})).streaming_content)
    pages = rasterise_pdf(pdf, tmp_path, dpi=80)
    expected = [channel_url(c) for c in Channel.objects.filter(pk__in=[c.pk for c in channels])]
    assert [decode(p)[0] for p in pages] == expected
    text = pdf_text(pdf, tmp_path)
    assert all(name in text for name in ("尧渡镇", "木塔乡", "东至经济开发区")) and "东流镇" not in text


def test_officer_cannot_download_another_townships_qr(client, officer_yaodu, make_channel):
    client.force_login(officer_yaodu)
    own, other = make_channel("尧渡镇"), make_channel("东流镇")
    assert client.get(reverse("canbao_posters:channel_qr", kwargs={"pk": own.pk, "fmt": "png"})).status_code == 200
    assert client.get(reverse("canbao_posters:channel_qr", kwargs={"pk": other.pk, "fmt": "png"})).status_code == 404


def test_qr_matrix_is_exactly_what_qrcode_builds_with_its_own_mask_search():
    import random
    import string

    import qrcode

    from campaigns.qr import qr_matrix

    rng = random.Random(4754)
    versions = set()
    for length in [8, 20, 37, 50, 80, 120, 160, 220, 300] * 12:
        url = "https://canbao.example.gov.cn/q/" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(length))
        reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        reference.add_data(url)
        reference.make(fit=True)
        versions.add(reference.version)
        assert [[bool(m) for m in row] for row in qr_matrix(url)] == [[bool(m) for m in row] for row in reference.get_matrix()]
    assert min(versions) <= 3 and max(versions) >= 7  # version-information area included


def test_mask_penalty_matches_qrcodes_lost_point():
    import random

    import numpy as np
    from qrcode import util

    from campaigns.qr import penalties

    rng = random.Random(31)
    for size in (21, 25, 33, 45, 57):
        for density in (0.2, 0.5, 0.8):
            stack = [[[rng.random() < density for _ in range(size)] for _ in range(size)] for _ in range(4)]
            assert list(penalties(np.array(stack))) == [util.lost_point(m) for m in stack]
