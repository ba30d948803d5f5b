"""Posters worth hanging: bureau mark, hotline, deadline, three reasons, the QR large, the
short URL; A4, A3 and a table tent; one township's posters in a zip. Every variant decodes
back to its channel URL with zxing-cpp."""

import io
import zipfile

import pytest
from PIL import Image

from django.urls import reverse

from campaigns.models import Channel, Township
from campaigns.qr import channel_url

from .test_qr import decode, pdf_text, rasterise_pdf, rasterise_svg


@pytest.fixture
def staff_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.mark.parametrize(("layout", "width_px", "codes"), [("a4", 827, 1), ("a3", 1169, 1), ("tent", 1169, 2)])
def test_every_layout_decodes_and_carries_the_facts(staff_client, make_channel, tmp_path, settings, layout, width_px, codes):
    Township.objects.filter(name="尧渡镇").update(office_phone="0566-7012345")
    channel = make_channel("尧渡镇", Channel.Kind.SERVICE_HALL, label="尧渡镇便民服务中心")
    url = reverse("canbao_posters:channel_qr", kwargs={"pk": channel.pk, "fmt": "pdf"}) + f"?layout={layout}"
    response = staff_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    (page,) = rasterise_pdf(response.content, tmp_path)
    assert page.size[0] == pytest.approx(width_px, abs=2)
    assert decode(page) == [channel_url(channel)] * codes  # the tent's two faces, one turned over
    text = pdf_text(response.content, tmp_path).replace("\n", "")
    deadline = channel.campaign.deadline
    for fact in ("东至县人力资源和社会保障局", "人社", "0566-7012345", f"{deadline.year}年{deadline.month}月{deadline.day}日",
                 channel_url(channel), "尧渡镇"):
        assert fact in text, fact
    if layout != "tent":
        assert "为什么要参加工伤保险" in text and text.count("工伤") >= 4 and "3. " in text


def test_an_unknown_layout_is_not_found(staff_client, make_channel):
    channel = make_channel()
    url = reverse("canbao_posters:channel_qr", kwargs={"pk": channel.pk, "fmt": "pdf"}) + "?layout=a0"
    assert staff_client.get(url).status_code == 404


def test_a_townships_zip_holds_every_variant_and_each_decodes(client, officer_yaodu, campaign, make_channel, tmp_path):
    own = [make_channel("尧渡镇", Channel.Kind.POSTER), make_channel("尧渡镇", Channel.Kind.SERVICE_HALL)]
    other = make_channel("东流镇", Channel.Kind.POSTER)
    client.force_login(officer_yaodu)
    url = reverse("canbao_posters:township_zip", kwargs={"pk": campaign.pk, "township": own[0].township_id})
    response = client.get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    pack = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(pack.namelist())
    assert len(names) == 2 * 5 and not any(other.code in n for n in names)
    for channel in own:
        expected = channel_url(channel)
        stem = next(n for n in names if channel.code in n).rsplit(".", 1)[0].removesuffix("-a4").removesuffix("-a3")
        stem = stem.removesuffix("-tent")
        for layout in ("a4", "a3", "tent"):
            pages = rasterise_pdf(pack.read(f"{stem}-{layout}.pdf"), tmp_path / f"{channel.code}-{layout}", dpi=80) \
                if (tmp_path / f"{channel.code}-{layout}").mkdir() is None else []
            assert set(decode(pages[0])) == {expected}, layout
        assert decode(Image.open(io.BytesIO(pack.read(f"{stem}.png")))) == [expected]
        assert decode(rasterise_svg(pack.read(f"{stem}.svg").decode())) == [expected]
    foreign = reverse("canbao_posters:township_zip", kwargs={"pk": campaign.pk, "township": other.township_id})
    assert client.get(foreign).status_code == 404  # another township's officer learns nothing
