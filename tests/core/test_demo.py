"""load_demo builds a live county in the middle of a campaign: current dates, plausible
awareness per township, an honest funnel, townships on track and at risk; twice changes
nothing."""

import datetime
import io
import re

import pytest

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from campaigns.demo import demo_campaign, next_deadline
from campaigns.models import SMALL_OR_MICRO, Scan
from reports import statistics as st
from reports.breakdowns import channel_funnel, funnel_total
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
    responses = Response.objects.filter(survey=campaign.survey)
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

    before = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before
