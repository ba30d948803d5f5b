"""The funnel through the real public flow, and the deadline states: before the deadline
progress and a projection, after it final figures without one."""

import datetime
import re

import pytest

from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign, Channel
from reports import statistics as st
from reports.breakdowns import channel_funnel, funnel_total
from reports.rollup import county_row, township_rollup
from surveys.awareness import build_awareness_survey
from tests.surveys.conftest import VALID_USCC, form_token, valid_answers

from .dataset import DEADLINE, TODAY

pytestmark = pytest.mark.django_db
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47"


def test_funnel_counts_each_step_once_and_narrows(client, townships, reviewer):
    survey = build_awareness_survey()
    today = datetime.date.today()
    campaign = Campaign.objects.create(name="漏斗测试", starts_on=today - datetime.timedelta(days=30),
                                       ends_on=today + datetime.timedelta(days=200), survey=survey,
                                       deadline=today + datetime.timedelta(days=200))
    channel = Channel.objects.create(campaign=campaign, township=townships["东流镇"], kind=Channel.Kind.POSTER)
    url = f"/q/{channel.code}"
    Client(HTTP_USER_AGENT="Mozilla/5.0 (compatible; WeChatBot/1.0)").get(url)  # the link preview: nothing
    Client(HTTP_USER_AGENT=PHONE).head(url)  # nothing either
    for i, outcome in enumerate(["stored", "stored", "error-then-stored", "error", "opened", "opened"]):
        phone = Client(HTTP_USER_AGENT=PHONE)
        for _ in range(3):  # reloads
            page = phone.get(url).content.decode()
        data = valid_answers(survey, uscc=VALID_USCC[i % len(VALID_USCC)]) | {"form_token": form_token(page)}
        if outcome.startswith("error"):
            assert phone.post(f"/s/{channel.code}/", data | {"uscc": "123"}).status_code == 400
        if outcome.endswith("stored"):
            assert phone.post(f"/s/{channel.code}/", data).status_code == 302
    total = funnel_total(channel_funnel(campaign))
    assert (total["scans"], total["opens"], total["submitted"], total["stored"]) == (6, 6, 4, 3)
    assert total["complete_rate"] == 0.5

    client.force_login(reviewer)
    page = client.get(reverse("reports:township", args=[channel.township_id]) + f"?campaign={campaign.pk}")
    html = page.content.decode()
    shown = [int(re.search(rf'data-step="{step}">(\d+)<', html).group(1)) for step in ("scans", "opens", "submitted", "stored")]
    assert shown == [6, 6, 4, 3]
    assert "预计截止时" in html and "已截止" not in html  # before the deadline: a projection


def test_target_status_before_and_after_the_deadline():
    assert not st.is_closed(DEADLINE, DEADLINE) and st.is_closed(DEADLINE, DEADLINE + datetime.timedelta(days=1))
    assert st.target_status(3, 5, 6.0) == st.ON_TRACK
    assert st.target_status(3, 5, 4.0) == st.AT_RISK
    assert st.target_status(5, 5, 5.0) == st.REACHED
    # After the deadline nothing is projected: reached or missed, final.
    assert st.target_status(3, 5, None, closed=True) == st.MISSED
    assert st.target_status(5, 5, None, closed=True) == st.REACHED
    assert st.target_status(3, None, None, closed=True) == st.CLOSED


def test_rollup_after_the_deadline_is_final(ds):
    before = township_rollup(ds.campaign, today=TODAY).set_index("name")
    assert before.loc["尧渡镇"].status == st.ON_TRACK and not before.loc["尧渡镇"].closed
    after_day = DEADLINE + datetime.timedelta(days=1)
    after = township_rollup(ds.campaign, today=after_day).set_index("name")
    a, c = after.loc["尧渡镇"], after.loc["胜利镇"]
    assert a.closed and a.status == st.MISSED and a.projected is None  # 4 of 5: missed, not "on track"
    assert c.status == st.REACHED  # 3 of 3
    assert after.loc["昭潭镇"].status == st.CLOSED  # no firms, no target
    county = county_row(after.reset_index(), ds.campaign, after_day)
    assert county["closed"] and county["projected"] is None and county["status"] == st.MISSED


def test_pages_after_the_deadline_show_final_states_without_projection(client, ds, reviewer, settings):
    client.force_login(reviewer)
    # The dataset's deadline (2026-06-30) has passed for any run of the suite after it.
    assert datetime.date.today() > DEADLINE
    township = client.get(reverse("reports:township", args=[ds.towns["A"].pk]) + f"?campaign={ds.campaign.pk}")
    html = township.content.decode()
    assert "已截止 · 未达标" in html and "预计截止时" not in html and "有风险" not in html
    dashboard = client.get(reverse("reports:dashboard") + f"?campaign={ds.campaign.pk}").content.decode()
    assert "已截止 · 已达标" in dashboard and "已截止 · 未达标" in dashboard
    assert "有风险" not in dashboard and "按进度" not in dashboard
