"""load_demo builds a live county in the middle of a campaign: current dates, plausible
awareness per township, an honest funnel, townships on track and at risk; next to it a city
(南阳市) with its counties on track and behind; twice changes nothing."""

import datetime
import io
import re

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from campaigns.demo import demo_campaign, next_deadline
from campaigns.demo_city import city_campaign
from campaigns.models import SMALL_OR_MICRO, RegionTarget, Scan, Township
from regions.models import Region
from reports import statistics as st
from reports.breakdowns import channel_funnel, funnel_total
from reports.levels import region_rows
from reports.rollup import township_rollup
from surveys.models import FormToken, Response

pytestmark = pytest.mark.django_db


def counts():
    return (Response.objects.count(), FormToken.objects.count(), Scan.objects.count(),
            sorted(Response.objects.values_list("form_token", "uscc", "score", "submitted_at")))


def test_next_deadline_is_the_coming_30_june():
    assert next_deadline(datetime.date(2026, 12, 1)) == datetime.date(2027, 6, 30)
    assert next_deadline(datetime.date(2027, 6, 30)) == datetime.date(2027, 6, 30)
    assert next_deadline(datetime.date(2027, 1, 15)) == datetime.date(2027, 6, 30)


def test_demo_is_a_live_mid_campaign_county(client, reviewer):
    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    campaign = demo_campaign()
    assert campaign.deadline == next_deadline(today) and campaign.deadline.month == 6 and campaign.deadline.day == 30
    assert 30 <= (today - campaign.starts_on).days <= 95  # began a couple of months ago
    assert campaign.publicity_starts_on <= today and campaign.survey is not None
    responses = Response.objects.filter(survey=campaign.survey, channel__campaign=campaign)
    assert responses.filter(submitted_at__gt=timezone.now()).count() == 0
    assert responses.filter(submitted_at__lt=timezone.make_aware(
        datetime.datetime.combine(campaign.starts_on, datetime.time.min))).count() == 0
    # Answers from outside the population: unregistered codes and medium/large firms.
    assert responses.filter(enterprise__isnull=True).count() >= 10
    assert responses.exclude(enterprise__isnull=True).exclude(enterprise__size_class__in=SMALL_OR_MICRO).count() >= 10

    frame = township_rollup(campaign, today=today)
    enough = frame[frame["responses"] >= 30]
    assert len(enough) >= 8
    assert enough["awareness"].between(0.35, 0.85).all(), enough[["name", "responses", "awareness"]]
    assert enough["awareness"].max() - enough["awareness"].min() >= 0.2  # townships differ
    statuses = set(frame["status"])
    assert st.AT_RISK in statuses and st.ON_TRACK in statuses
    assert (frame["responses"] < frame["firms"]).all()  # mid-campaign: nowhere a census

    funnel = channel_funnel(campaign)
    total = funnel_total(funnel)
    assert total["scans"] >= total["opens"] >= total["submitted"] >= total["stored"] == responses.count()
    assert 0.4 <= total["complete_rate"] <= 0.7
    busy = funnel[funnel["stored"] > 0]
    assert (busy["scans"] >= busy["opens"]).all() and (busy["opens"] >= busy["submitted"]).all()
    assert (busy["submitted"] >= busy["stored"]).all()

    # The same figures through HTTP, on the breakdown page's funnel totals.
    client.force_login(reviewer)
    page = client.get(reverse("reports:breakdowns") + f"?campaign={campaign.pk}").content.decode()
    shown = {step: int(re.search(rf'data-step="{step}">(\d+)<', page).group(1))
             for step in ("scans", "opens", "submitted", "stored")}
    assert shown == {step: total[step] for step in shown}
    dashboard = client.get(reverse("reports:dashboard")).content.decode()
    assert "有风险" in dashboard and "按进度" in dashboard and "已截止" not in dashboard

    assert_city_next_to_the_county(today)

    before = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before


def assert_city_next_to_the_county(today):
    """南阳市: 13 counties of 4–6 placeholder townships (codes under the county's), a live city
    campaign with county targets and township channels, counties on track and behind; its
    reviewers see the city or their county."""
    city = Region.objects.get(name="南阳市")
    counties = list(Region.objects.filter(parent=city))
    assert len(counties) == 13
    for county in counties:
        townships = Township.objects.filter(county=county)
        assert 4 <= townships.count() <= 6 and all(t.is_placeholder and "演示占位" in t.name for t in townships)
        assert all(len(t.code) == 12 and t.code.startswith(county.code[:6]) for t in townships)
        assert townships.filter(kind="subdistrict").exists()
    kinds = set(Township.objects.filter(county__parent=city).values_list("kind", flat=True))
    assert {"subdistrict", "town", "township"} <= kinds
    assert not Township.objects.filter(county__code="341721000000", is_placeholder=True).exists()
    campaign = city_campaign()
    assert campaign.region == city and campaign.deadline == next_deadline(today) and campaign.survey is not None
    assert campaign.survey.title == "南阳市小微企业工伤保险政策知晓度调查"
    assert RegionTarget.objects.filter(campaign=campaign).count() == 13
    assert not campaign.channels.filter(township__county__code="341721000000").exists()
    frame = township_rollup(campaign, today=today)
    assert len(frame) == Township.objects.filter(county__parent=city).count()
    rows = region_rows(frame, campaign, "county")
    assert {st.AT_RISK, st.ON_TRACK} <= {row["status"] for row in rows}
    assert 50 <= min(row["firms"] for row in rows) and max(row["firms"] for row in rows) <= 320  # small / micro
    for email, name in (("nanyang@canbao.local", "南阳市"), ("fangcheng@canbao.local", "方城县")):
        profile = get_user_model().objects.get(email=email).profile
        assert profile.region.name == name

