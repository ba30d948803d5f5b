"""A real browser renders the channel SVG (decoded with zxing-cpp) and follows a scan."""

import datetime
import io

import zxingcpp
from PIL import Image

from campaigns.models import Campaign, Channel, Scan
from campaigns.qr import channel_url, qr_matrix, render_svg
from campaigns.townships import load_townships


def make_channel(kind=Channel.Kind.POSTER, **fields):
    load_townships()
    from campaigns.models import Township

    campaign, _ = Campaign.objects.get_or_create(
        name="2024年东至县小微企业工伤保险参保扩面行动",
        defaults={"starts_on": datetime.date(2024, 3, 1), "ends_on": datetime.date(2024, 12, 31)},
    )
    return Channel.objects.create(campaign=campaign, township=Township.objects.get(name="木塔乡"), kind=kind, **fields)


def test_svg_rendered_by_chromium_decodes_to_the_channel_url(live_server, page, screenshot, settings):
    settings.CANBAO_PUBLIC_BASE_URL = live_server.url
    channel = make_channel(Channel.Kind.WECHAT)
    url = channel_url(channel)
    svg = render_svg(qr_matrix(url)).split("?>", 1)[1].replace("<svg ", '<svg style="width:300px;height:300px" ', 1)
    page.set_content(f'<body style="margin:0;background:#fff"><div id="qr" style="width:300px;height:300px">{svg}</div></body>')
    shot = page.locator("#qr").screenshot()
    screenshot("campaigns-qr-svg")
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))] == [url]


def test_scanning_lands_on_the_survey_with_the_channel_and_is_counted(live_server, page, screenshot):
    channel = make_channel(Channel.Kind.SERVICE_HALL)
    page.goto(f"{live_server.url}/q/{channel.code}")
    assert f"/s/{channel.code}/" in page.url
    assert Scan.objects.filter(channel=channel).count() == 1

    page.goto(f"{live_server.url}/q/nosuchcode")
    assert "没有找到这个二维码" in page.content()
    screenshot("campaigns-scan-unknown")
    assert Scan.objects.count() == 1
