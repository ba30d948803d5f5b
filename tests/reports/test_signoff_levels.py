"""The sign-off chain township → county → city through HTTP, on a city campaign (南阳市 with
方城县 and 唐河县): the officer confirms a township, the county reviewer approves the county
(blocked in Chinese while a township is unconfirmed, unless a reason is given), the city
reviewer approves the city once both counties are approved (or with a reason), and each step
freezes its figures. A county reviewer learns nothing of the other county."""

import pytest

from django.urls import reverse

from accounts import roles
from campaigns.models import Campaign
from reports.models import SignOff

from .city_dataset import CITY, FANGCHENG, TANGHE, build_city, late_response, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(ds):
    return build_city(ds)


@pytest.fixture
def people(city, make_user):
    r = city.regions
    return {
        "officer_f1": staff(make_user, roles.OFFICER, township=city.towns["F1"]),
        "officer_t1": staff(make_user, roles.OFFICER, township=city.towns["T1"]),
        "fangcheng": staff(make_user, roles.REVIEWER, region=r[FANGCHENG]),
        "tanghe": staff(make_user, roles.REVIEWER, region=r[TANGHE]),
        "nanyang": staff(make_user, roles.REVIEWER, region=r[CITY]),
    }


def _confirm(client, city, key, user):
    client.force_login(user)
    url = reverse("reports:township", args=[city.towns[key].pk]) + f"?campaign={city.campaign.pk}"
    return client.post(url, {"comment": "本乡镇数据已核对"})


def _approve(client, city, region_code, user, **data):
    client.force_login(user)
    url = reverse("reports:approve_region", args=[city.regions[region_code].pk]) + f"?campaign={city.campaign.pk}"
    return client.post(url, {"comment": "同意上报", **data}, follow=True)


def test_county_then_city_approval_with_override_rules(client, city, people):
    assert _confirm(client, city, "F1", people["officer_f1"]).status_code == 302

    page = _approve(client, city, FANGCHENG, people["fangcheng"]).content.decode()
    assert "以下乡镇尚未确认，须填写审核理由：拐河镇" in page
    assert not SignOff.objects.filter(level="county").exists()
    page = _approve(client, city, FANGCHENG, people["fangcheng"], override_reason="拐河镇专干外出，已电话核实").content.decode()
    assert "已审核方城县报表" in page
    fangcheng = SignOff.objects.get(level="county")
    assert fangcheng.region == city.regions[FANGCHENG] and fangcheng.figures["unconfirmed"] == ["拐河镇"]
    assert fangcheng.figures["row"]["name"] == "方城县" and fangcheng.figures["row"]["responses"] == 3
    assert [t["name"] for t in fangcheng.figures["townships"]] == ["广阳镇", "拐河镇"]

    page = _approve(client, city, CITY, people["nanyang"]).content.decode()
    assert "以下县（市、区）尚未审核，须填写审核理由：唐河县" in page
    assert not SignOff.objects.filter(level="city").exists()

    _confirm(client, city, "T1", people["officer_t1"])
    _confirm(client, city, "T2", people["nanyang"])  # a city reviewer confirms on a township's behalf
    page = _approve(client, city, TANGHE, people["nanyang"]).content.decode()  # and approves a county on its behalf
    tanghe = SignOff.objects.get(level="county", region=city.regions[TANGHE])
    assert tanghe.override_reason == "" and tanghe.figures["unconfirmed"] == [] and tanghe.signed_by == people["nanyang"]

    page = _approve(client, city, CITY, people["nanyang"]).content.decode()
    assert "已审核南阳市报表" in page
    approval = SignOff.objects.get(level="city")
    assert approval.override_reason == "" and approval.figures["unconfirmed"] == []
    row = approval.figures["row"]
    assert (row["name"], row["firms"], row["responses"], row["passed"], row["out_of_population"]) == ("南阳市", 14, 6, 4, 1)
    assert [(c["name"], c["responses"]) for c in approval.figures["counties"]] == [("方城县", 3), ("唐河县", 3)]

    late_response(city)  # 桐寨铺镇 answers after every approval
    frozen = client.get(reverse("reports:signoff", args=[approval.pk])).content.decode()
    assert 'data-figure="responses">6<' in frozen and "<td data-now>7</td>" in frozen and "审核后数据已变动" in frozen
    assert 'data-child="411328000000"' in frozen  # the counties' rows as they were
    approval.refresh_from_db()
    assert approval.figures["row"]["responses"] == 6


def test_city_approval_with_a_reason_records_the_unapproved_counties(client, city, people):
    _approve(client, city, FANGCHENG, people["fangcheng"], override_reason="乡镇未确认，县局已核实")
    page = _approve(client, city, CITY, people["nanyang"], override_reason="唐河县系统故障，已电话核实").content.decode()
    assert "已审核南阳市报表" in page
    approval = SignOff.objects.get(level="city")
    assert approval.figures["unconfirmed"] == ["唐河县"] and approval.override_reason == "唐河县系统故障，已电话核实"
    archive = client.get(reverse("reports:signoff", args=[approval.pk])).content.decode()
    assert "未经各县全部审核即审核" in archive and "唐河县" in archive


def test_county_reviewer_may_not_approve_or_read_the_other_county_nor_the_city(client, city, people):
    assert _approve(client, city, TANGHE, people["fangcheng"], override_reason="越权").status_code == 404
    assert _approve(client, city, CITY, people["fangcheng"], override_reason="越权").status_code == 404
    client.force_login(people["fangcheng"])
    legacy = client.post(reverse("reports:approve_county") + f"?campaign={city.campaign.pk}",
                         {"comment": "越权", "override_reason": "越权"})
    assert legacy.status_code == 404  # the campaign's own region is the city
    assert not SignOff.objects.filter(level__in=["county", "city"]).exists()

    _approve(client, city, TANGHE, people["tanghe"], override_reason="已核实")
    _approve(client, city, FANGCHENG, people["fangcheng"], override_reason="已核实")
    tanghe = SignOff.objects.get(region=city.regions[TANGHE])
    fangcheng = SignOff.objects.get(region=city.regions[FANGCHENG])
    client.force_login(people["fangcheng"])
    assert client.get(reverse("reports:signoff", args=[tanghe.pk])).status_code == 404
    assert client.get(reverse("reports:signoff", args=[fangcheng.pk])).status_code == 200
    _approve(client, city, CITY, people["nanyang"], override_reason="已核实")
    client.force_login(people["fangcheng"])
    assert client.get(reverse("reports:signoff", args=[SignOff.objects.get(level="city").pk])).status_code == 404
    client.force_login(people["nanyang"])
    assert client.get(reverse("reports:signoff", args=[tanghe.pk])).status_code == 200


def test_officer_never_approves_and_a_county_outside_the_campaign_is_hidden(client, city, people):
    response = _approve(client, city, FANGCHENG, people["officer_f1"], override_reason="越权")
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")  # 403 → Wagtail's "no permission"
    county_campaign = Campaign.objects.create(name="方城县扩面行动（测试）", starts_on=city.campaign.starts_on,
                                              ends_on=city.campaign.ends_on, deadline=city.campaign.deadline,
                                              survey=city.survey, region=city.regions[FANGCHENG])
    client.force_login(people["nanyang"])
    url = reverse("reports:approve_region", args=[city.regions[TANGHE].pk]) + f"?campaign={county_campaign.pk}"
    assert client.post(url, {"comment": "同意", "override_reason": "x"}).status_code == 404
    page = client.post(reverse("reports:approve_county") + f"?campaign={county_campaign.pk}",
                       {"comment": "同意", "override_reason": "x"}, follow=True).content.decode()
    assert "已审核方城县报表" in page  # the city reviewer approves the county campaign's county
    assert list(SignOff.objects.values_list("campaign", "region__name")) == [(county_campaign.pk, "方城县")]
