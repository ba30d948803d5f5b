"""The county figures of 东至县 in the demo are those computed before the region change
(tests/regions/dongzhi_demo_figures_before_regions.json: `load_demo` then
`reports.signoff.county_snapshot` with the clock fixed at 2026-11-20 10:00 UTC): adding
南阳市 to the demo and the region tree changes none of them."""

from __future__ import annotations

import datetime
import io
import json
import math
from pathlib import Path
from unittest import mock

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign, Township
from regions.models import Region

BEFORE = Path(__file__).with_name("dongzhi_demo_figures_before_regions.json")
FIXED = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
LABELS = {"township_id", "code", "name"}  # ids and codes may differ; the total is now named 东至县

pytestmark = pytest.mark.django_db


def dongzhi_snapshot() -> dict:
    """load_demo and the 东至 campaign's county snapshot, with the clock fixed."""
    from reports.signoff import county_snapshot

    with mock.patch("django.utils.timezone.now", return_value=FIXED):
        call_command("load_demo", stdout=io.StringIO())
        campaign = Campaign.objects.filter(name__contains="东至").get()
        return json.loads(json.dumps(county_snapshot(campaign, today=FIXED.date()), default=str))


def figures(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in LABELS}


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def assert_same_figures(before: dict, after: dict, label: str) -> None:
    assert set(figures(before)) <= set(after), f"{label}: fields missing {set(figures(before)) - set(after)}"
    differ = {k: (v, after[k]) for k, v in figures(before).items() if not same(v, after[k])}
    assert not differ, f"{label}: {differ}"


def test_dongzhi_demo_figures_are_those_before_the_regions():
    before = json.loads(BEFORE.read_text(encoding="utf-8"))
    after = dongzhi_snapshot()
    assert (after["as_of"], after["deadline"]) == (before["as_of"], before["deadline"])
    assert after["row"]["name"] == "东至县"
    assert_same_figures(before["row"], after["row"], "total")
    assert len(after["townships"]) == len(before["townships"]) == 17
    for old, new in zip(before["townships"], after["townships"], strict=True):
        assert new["name"] == old["name"] and new["code"] == old["code"] + "000"
        assert_same_figures(old, new, old["name"])


def _reviewer_client(email: str) -> Client:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    user = get_user_model().objects.get(email=email)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    client = Client()
    client.force_login(user)
    return client


def test_demo_city_drills_down_and_county_reviewers_see_only_their_county():
    """Done-when 1 on the demo itself: 南阳市 → 13 counties → townships beside 东至县; the
    city reviewer sees the city roll-up and drills to a township; 方城县's reviewer gets 404
    for 唐河县."""
    with mock.patch("django.utils.timezone.now", return_value=FIXED):
        call_command("load_demo", stdout=io.StringIO())
        city = Region.objects.get(code="411300000000")
        counties = list(Region.objects.filter(parent=city, level="county").order_by("code"))
        assert len(counties) == 13 and all(c.townships.exists() for c in counties)
        assert Township.objects.filter(county__code="341721000000").count() == 17
        campaign = Campaign.objects.get(region=city)
        c = f"?campaign={campaign.pk}"

        nanyang = _reviewer_client("nanyang@canbao.local")
        page = nanyang.get(reverse("reports:dashboard") + c)
        assert page.status_code == 200
        html = page.content.decode()
        assert all(county.name in html for county in counties) and "南阳市" in html
        fangcheng = Region.objects.get(code="411322000000")
        page = nanyang.get(reverse("reports:region", args=[fangcheng.pk]) + c)
        assert page.status_code == 200
        township = fangcheng.townships.order_by("code").first()
        assert township.name in page.content.decode()
        assert nanyang.get(reverse("reports:township", args=[township.pk]) + c).status_code == 200
        dongzhi = Campaign.objects.get(region__code="341721000000")
        assert nanyang.get(reverse("reports:dashboard") + f"?campaign={dongzhi.pk}").status_code == 404

        county_reviewer = _reviewer_client("fangcheng@canbao.local")
        tanghe = Region.objects.get(code="411328000000")
        assert county_reviewer.get(reverse("reports:region", args=[fangcheng.pk]) + c).status_code == 200
        assert county_reviewer.get(reverse("reports:region", args=[tanghe.pk]) + c).status_code == 404
        tanghe_township = tanghe.townships.order_by("code").first()
        assert county_reviewer.get(reverse("reports:township", args=[tanghe_township.pk]) + c).status_code == 404
        html = county_reviewer.get(reverse("reports:dashboard") + c).content.decode()
        assert "方城县" in html and "唐河县" not in html

        # The city's survey sends its firms to the city's own registration guide, never 东至县's.
        linked = {q.fact_code: q.policy_page.specific for q in campaign.survey.questions.exclude(policy_page=None)}
        assert linked["F13"].slug == "nanyang-how-to-register"
        assert not [p.title for p in linked.values() if "东至" in p.title + p.issuing_body], linked

        # The 东至县 site's survey button goes to 东至县's campaign (both start the same day);
        # a 南阳市 channel's form is headed with 南阳市's names.
        from campaigns.models import Channel

        home = Client().get("/").content.decode()
        website = Channel.objects.get(campaign=dongzhi, kind=Channel.Kind.WEBSITE, township=None)
        assert f"/q/{website.code}" in home and dongzhi.name in home
        city_channel = Channel.objects.filter(campaign=campaign).first()
        form = Client().get(f"/q/{city_channel.code}").content.decode()
        assert "南阳市人力资源和社会保障局" in form and "东至县人力资源和社会保障局" not in form
