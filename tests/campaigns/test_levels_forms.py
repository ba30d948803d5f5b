"""Campaigns at a level on the staff forms: a campaign's region, a city campaign's county
targets, channels added by county reviewers to a city campaign, township targets; and the
registry import of one county (the same township name in two counties)."""

import csv
import io

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Campaign, Channel, Enterprise, ImportBatch, RegionTarget, Township, TownshipTarget
from campaigns.uscc import make_uscc
from tests.levels import build_levels


@pytest.fixture
def level(make_user, townships):
    return build_levels(make_user, townships)


def campaign_data(region=None, **extra):
    return {"name": "方城县扩面行动", "starts_on": "2024-03-01", "ends_on": "2024-12-31", "deadline": "2024-06-30",
            "region": region.pk if region else ""} | extra


def test_campaign_region_is_one_the_user_leads(client, level):
    client.force_login(level.users["reviewer_fc"])
    for region in (None, level.city, level.th):
        response = client.post(reverse("canbao_campaigns:add"), campaign_data(region))
        assert list(response.context["form"].errors) == ["region"]  # not theirs, or not offered at all
    assert client.post(reverse("canbao_campaigns:add"), campaign_data(level.fc)).status_code == 302
    assert Campaign.objects.get(name="方城县扩面行动").region == level.fc
    # The city campaign is listed for the county's reviewer, but only the city's may edit it.
    assert "南阳市扩面行动" in client.get(reverse("canbao_campaigns:index")).content.decode()
    assert "东至县扩面行动" not in client.get(reverse("canbao_campaigns:index")).content.decode()
    assert client.get(reverse("canbao_campaigns:edit", args=[level.city_campaign.pk])).status_code == 404
    client.force_login(level.users["reviewer_city"])
    assert client.get(reverse("canbao_campaigns:edit", args=[level.city_campaign.pk])).status_code == 200
    assert client.get(reverse("canbao_campaigns:edit", args=[level.dz_campaign.pk])).status_code == 404


def test_city_sets_county_targets_and_counties_read_them(client, level):
    url = reverse("canbao_targets:county_targets", kwargs={"pk": level.city_campaign.pk})
    client.force_login(level.users["reviewer_city"])
    page = client.get(url).content.decode()
    assert "方城县" in page and "唐河县" in page and "东至县" not in page
    bad = client.post(url, {f"county_{level.fc.pk}": "-3", f"county_{level.th.pk}": "80"})
    assert bad.status_code == 400 and "请填写不小于0的整数" in bad.content.decode()
    assert not RegionTarget.objects.exists()  # nothing half-written
    assert client.post(url, {f"county_{level.fc.pk}": "120", f"county_{level.th.pk}": "80"}).status_code == 302
    assert dict(RegionTarget.objects.values_list("region__name", "target_responses")) == {"方城县": 120, "唐河县": 80}
    client.force_login(level.users["reviewer_fc"])
    page = client.get(url).content.decode()
    assert "120" in page and "唐河县" not in page and f'name="county_{level.fc.pk}"' not in page
    assert client.post(url, {f"county_{level.fc.pk}": "1"}).status_code in (302, 403)  # Wagtail: to the admin home
    assert RegionTarget.objects.get(region=level.fc).target_responses == 120
    client.force_login(level.users["reviewer_fc"])
    dz = reverse("canbao_targets:county_targets", kwargs={"pk": level.dz_campaign.pk})
    assert client.get(dz).status_code == 404


def channel_data(campaign, township=None, region=None):
    return {"campaign": campaign.pk, "township": township.pk if township else "", "region": region.pk if region else "",
            "kind": "website", "label": "测试渠道", "is_active": "on"}


def test_county_reviewer_adds_channels_of_their_county_to_the_city_campaign(client, level):
    client.force_login(level.users["reviewer_fc"])
    add = reverse("canbao_channels:add")
    campaign = level.city_campaign
    for data, field_error in ((channel_data(campaign, level.town["th"]), "township"),
                              (channel_data(campaign, level.town["dz"]), "township"),
                              (channel_data(campaign, region=level.th), "region"),
                              (channel_data(level.dz_campaign), "campaign")):
        response = client.post(add, data)
        assert response.status_code == 200, data
        assert field_error in response.context["form"].errors, response.context["form"].errors
    assert client.post(add, channel_data(campaign, level.town["fc"])).status_code == 302
    assert client.post(add, channel_data(campaign)).status_code == 302  # without a township: for 方城县
    made = Channel.objects.filter(label="测试渠道").order_by("pk")
    assert [(c.township, c.region) for c in made] == [(level.town["fc"], None), (None, level.fc)]
    client.force_login(level.users["reviewer_city"])
    assert client.post(add, channel_data(campaign)).status_code == 302  # the city's: for the whole city
    assert Channel.objects.filter(label="测试渠道").order_by("pk").last().region is None


def test_county_reviewer_sets_their_township_targets(client, level):
    client.force_login(level.users["reviewer_fc"])
    add = reverse("canbao_township_targets:add")
    data = {"campaign": level.city_campaign.pk, "target_responses": "30"}
    assert client.post(add, data | {"township": level.town["th"].pk}).status_code == 200
    assert client.post(add, data | {"township": level.town["fc"].pk}).status_code == 302
    target = TownshipTarget.objects.get()
    assert target.township == level.town["fc"]
    client.force_login(level.users["reviewer_th"])
    assert client.get(reverse("canbao_township_targets:edit", args=[target.pk])).status_code == 404


def registry_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["企业名称", "统一社会信用代码", "乡镇", "行业", "从业人数", "主营业务收入"], *rows])
    return out.getvalue().encode("utf-8")


def upload(client, rows, **extra):
    return client.post(reverse("canbao_imports:upload"),
                       {"kind": "registry", "file": SimpleUploadedFile("名录.csv", registry_csv(rows))} | extra)


def test_registry_import_looks_townships_up_in_the_uploader_county(client, level):
    fc_town = Township.objects.create(code="411322100000", name="城关镇", kind="town")
    th_town = Township.objects.create(code="411328100000", name="城关镇", kind="town")
    uscc = [make_uscc("91411322", f"MA{n:06d}") for n in range(3)]
    rows = [["方城县城关镇商店", uscc[0], "城关镇", "5211", "3", "40"],
            ["唐河县某店", level.firms["th"].uscc, "滨河街道", "5211", "3", "40"]]
    client.force_login(level.users["reviewer_fc"])
    assert "county" not in client.get(reverse("canbao_imports:upload")).context["form"].fields
    upload(client, rows)
    batch = ImportBatch.objects.get()
    assert batch.county == level.fc and batch.counts["created"] == 1 and batch.counts["rejected"] == 1
    assert "其他县" in str(batch.rows)
    client.post(reverse("canbao_imports:confirm", args=[batch.pk]))
    assert Enterprise.objects.get(uscc=uscc[0]).township == fc_town
    assert Enterprise.objects.get(pk=level.firms["th"].pk).name == level.firms["th"].name  # untouched
    client.force_login(level.users["reviewer_th"])
    assert client.get(reverse("canbao_imports:detail", args=[batch.pk])).status_code == 404
    # A city reviewer sees two counties: the upload form asks which one the list is of.
    client.force_login(level.users["reviewer_city"])
    form = client.get(reverse("canbao_imports:upload")).context["form"]
    assert set(form.fields["county"].queryset) == {level.fc, level.th}
    assert upload(client, rows).status_code == 400
    upload(client, [["唐河县城关镇商店", uscc[1], "城关镇", "5211", "3", "40"]], county=level.th.pk)
    batch = ImportBatch.objects.order_by("-pk").first()
    client.post(reverse("canbao_imports:confirm", args=[batch.pk]))
    assert Enterprise.objects.get(uscc=uscc[1]).township == th_town
    assert client.get(reverse("canbao_imports:detail", args=[ImportBatch.objects.first().pk])).status_code == 200
