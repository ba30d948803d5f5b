"""County-wide channels (website, WeChat article, SMS…): created by bureau staff, hidden
from township officers, printed as 全县通用, their scans counted for no township."""

from django.urls import reverse

from campaigns.models import Channel
from campaigns.qr import channel_url

from .test_qr import decode, download, pdf_text, rasterise_pdf


def test_reviewer_creates_a_county_wide_channel_and_officer_may_not(client, reviewer, officer_yaodu, campaign):
    client.force_login(reviewer)
    form = client.get(reverse("canbao_channels:add")).content.decode()
    assert "全县通用（答题人自选乡镇）" in form
    response = client.post(reverse("canbao_channels:add"),
                           {"campaign": campaign.pk, "township": "", "kind": "website", "label": "县人社局网站",
                            "is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    channel = Channel.objects.get()
    assert channel.township is None and channel.is_county_wide and str(channel).startswith("全县通用 · 网站")
    assert "县人社局网站" in client.get(reverse("canbao_channels:index")).content.decode()
    client.force_login(officer_yaodu)
    assert "县人社局网站" not in client.get(reverse("canbao_channels:index")).content.decode()
    assert client.get(reverse("canbao_channels:edit", args=[channel.pk])).status_code in (302, 403, 404)
    assert client.get(reverse("canbao_posters:channel_qr", kwargs={"pk": channel.pk, "fmt": "png"})).status_code == 404


def test_county_wide_poster_says_so_and_decodes(client, reviewer, campaign, tmp_path):
    client.force_login(reviewer)
    channel = Channel.objects.create(campaign=campaign, township=None, kind=Channel.Kind.SMS, label="12333 短信")
    response = download(client, channel, "pdf")
    assert "qr-county-sms-" in response["Content-Disposition"]
    (page,) = rasterise_pdf(response.content, tmp_path)
    assert decode(page) == [channel_url(channel)]
    assert "全县通用" in pdf_text(response.content, tmp_path)
    assert download(client, channel, "png").status_code == 200
