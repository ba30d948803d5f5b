"""Every roll-up figure of the hand-built dataset (tests/reports/dataset.py), worked out
by hand. z = 1.96, z² = 3.8416; as of 2026-06-10, deadline 2026-06-30 (20 days left);
"recent" = submitted on or after 2026-05-28 (the last 14 days). Rates count the
population only (registered small/micro firms of the township); intervals and margins
carry the finite-population factor f = (N − n)/(N − 1), i.e. Wilson with z² · f."""

import pandas as pd
import pytest

from reports import statistics as st
from reports.breakdowns import breakdown, channel_funnel, weekly_responses
from reports.filters import ReportFilters
from reports.questions import least_known, question_rates
from reports.rollup import county_row, township_rollup

from .dataset import TODAY

pytestmark = pytest.mark.django_db


def r4(x):
    return None if x is None else round(x, 4)


def test_statistics_functions_by_hand():
    # Wilson(2, 4): p = .5, centre = (.5 + 3.8416/8)/(1 + 3.8416/4) = .9802/1.9604 = .5,
    # half = 1.96/1.9604 · sqrt(.25/4 + 3.8416/64) = .99980 · .350036 = .349964 → (.1500, .8500)
    assert tuple(map(r4, st.wilson_interval(2, 4))) == (0.1500, 0.8500)
    # Wilson(k=n): upper = 1 exactly, lower = n/(n + z²); n = 1: 1/4.8416 = .2065
    assert tuple(map(r4, st.wilson_interval(1, 1))) == (0.2065, 1.0)
    assert st.wilson_interval(0, 0) == (None, None)
    # Nobody (everybody) right: the bound is exactly 0 (1), not floating-point noise (2.8e-17 at n = 11).
    assert st.wilson_interval(0, 11)[0] == 0.0 and st.wilson_interval(6, 6)[1] == 1.0
    # Margin: 1.96 · sqrt(.25/4) · sqrt((10 − 4)/(10 − 1)) = .49 · .81650 = .4001
    assert r4(st.margin_of_error(4, 10)) == 0.4001
    assert st.margin_of_error(3, 3) == 0.0  # a census: no sampling error
    assert st.margin_of_error(0, 10) is None
    # The interval with the same correction: Wilson(2, 4) of N = 10 uses z² · 6/9 = 2.56107:
    # half = 1.60033/1.64027 · sqrt(.0625 + 2.56107/64) = .97565 · .32018 = .31239 → (.1876, .8124)
    assert tuple(map(r4, st.wilson_interval(2, 4, population=10))) == (0.1876, 0.8124)
    assert st.wilson_interval(2, 3, population=3) == (2 / 3, 2 / 3)  # a census: no interval either
    # N = 1: its one answer is a census; N = 2 with one answer: f = 1, the plain interval.
    assert st.margin_of_error(1, 1) == 0.0 and st.wilson_interval(1, 1, population=1) == (1.0, 1.0)
    assert st.margin_of_error(1, 2) == st.margin_of_error(1, None) == 0.98
    assert st.wilson_interval(0, 1, population=2) == st.wilson_interval(0, 1)
    assert st.margin_of_error(1, 2) > st.margin_of_error(2, 3) > 0  # fewer answers than firms: never 0
    # Default target: ceil(384.16 / (1 + 383.16/N)); N = 2 → ceil(1.9948) = 2; N = 5 → ceil(4.9485) = 5
    assert st.default_sample_size(2) == 2 and st.default_sample_size(5) == 5
    assert st.default_sample_size(0) is None
    assert st.default_sample_size(100000) == 383  # ceil(382.69)


def test_township_rollup_by_hand(ds):
    frame = township_rollup(ds.campaign, today=TODAY).set_index("name")
    assert len(frame) == 17  # every township, with or without responses

    a = frame.loc["尧渡镇"]
    # 10 small/micro firms (the medium one is not counted), 4 uninsured; 6 scans.
    assert (a.firms, a.uninsured, a.scans) == (10, 4, 6)
    # 4 current in-population responses (the replaced one does not count), scores 3, 2, 1, 0
    # → 2 passed (pass mark 2); responding small/micro firms A1–A4 → coverage 4/10 = .4.
    assert (a.responses, a.passed, a.responding_firms) == (4, 2, 4)
    assert a.coverage == 0.4
    assert a.awareness == 0.5
    # Out of the population, counted apart: #10 (unregistered, all correct) and #11 (medium firm).
    assert (a.unregistered, a.not_small_micro, a.out_of_population) == (1, 1, 2)
    assert (r4(a.awareness_low), r4(a.awareness_high)) == (0.1876, 0.8124)  # Wilson(2, 4) with f = 6/9
    assert a.mean_score == 1.5  # (3 + 2 + 1 + 0) / 4
    assert a.insured_share == 0.5  # yes, yes, no, unsure → 2/4
    assert r4(a.margin) == 0.4001  # 1.96 · sqrt(.25/4) · sqrt(6/9)
    assert a.too_small and not a.census
    # Target 5 (set); 2 recent responses (#10 is recent but outside) → 2/14 a day; projected 4 + 20·2/14 = 6.857 ≥ 5 → on track.
    assert a.target == 5 and a.recent == 2
    assert r4(a.projected) == 6.8571
    assert a.status == st.ON_TRACK

    b = frame.loc["东流镇"]  # a single response
    assert (b.firms, b.uninsured, b.scans, b.responses, b.passed, b.out_of_population) == (2, 1, 0, 1, 1, 0)
    assert b.coverage == 0.5 and b.awareness == 1.0 and b.mean_score == 3.0 and b.insured_share == 1.0
    assert (r4(b.awareness_low), r4(b.awareness_high)) == (0.2065, 1.0)  # f = 1: 1/(1 + 3.8416)
    assert r4(b.margin) == 0.98  # 1.96 · .5 · sqrt((2 − 1)/(2 − 1))
    # Default target ceil(384.16/(1 + 383.16/2)) = 2; projected 1 + 20/14 = 2.4286 → on track.
    assert b.target == 2 and r4(b.projected) == 2.4286 and b.status == st.ON_TRACK

    c = frame.loc["胜利镇"]  # everyone passes, every firm answered: a census
    assert (c.firms, c.uninsured, c.scans, c.responses, c.passed, c.responding_firms) == (3, 3, 1, 3, 3, 3)
    assert c.awareness == 1.0 and c.coverage == 1.0 and c.insured_share == 0.0
    assert (c.awareness_low, c.awareness_high) == (1.0, 1.0)  # n = N = 3: f = 0, no sampling error
    assert r4(c.mean_score) == 2.6667  # (3 + 3 + 2)/3
    assert c.margin == 0.0 and c.census
    assert c.target == 3 and c.recent == 0 and c.status == st.REACHED

    d = frame.loc["香隅镇"]  # no responses
    assert (d.firms, d.uninsured, d.scans, d.responses) == (5, 5, 2, 0)
    assert d.coverage == 0.0
    for col in ("awareness", "awareness_low", "awareness_high", "mean_score", "insured_share", "margin"):
        assert d[col] is None or d[col] != d[col], col  # None/NaN: nothing to say
    assert d.too_small and d.target == 5 and d.projected == 0 and d.status == st.AT_RISK

    empty = frame.loc["木塔乡"]  # no firms, no responses, no target
    assert empty.firms == 0 and pd.isna(empty.target) and empty.status == st.NO_TARGET  # no firms: no target


def test_county_row_by_hand(ds):
    county = county_row(township_rollup(ds.campaign, today=TODAY), ds.campaign, today=TODAY)
    assert county["code"] == "341721"  # the division code the townships' codes share
    # firms 10 + 2 + 3 + 5 = 20; uninsured 4 + 1 + 3 + 5 = 13; scans 6 + 0 + 1 + 2 = 9
    assert (county["firms"], county["uninsured"], county["scans"]) == (20, 13, 9)
    # responses 4 + 1 + 3 = 8, passed 2 + 1 + 3 = 6, responding firms 4 + 1 + 3 = 8; 2 apart
    assert (county["responses"], county["passed"], county["responding_firms"]) == (8, 6, 8)
    assert county["out_of_population"] == 2
    assert county["coverage"] == 0.4 and county["awareness"] == 0.75
    # Wilson(6, 8) with f = 12/19, z² · f = 2.42627: centre (.75 + .15164)/1.30328 = .69183,
    # half 1.55765/1.30328 · sqrt(.0234375 + .0094792) = 1.19518 · .18143 = .21684
    assert (r4(county["awareness_low"]), r4(county["awareness_high"])) == (0.475, 0.9087)
    assert county["mean_score"] == 2.125  # 17 / 8
    assert county["insured_share"] == 0.375  # yes 2 + 1 + 0 = 3 of 8 answered
    assert r4(county["margin"]) == 0.2754  # 1.96 · sqrt(.25/8) · sqrt(12/19) = .27536
    # target 5 + 2 + 3 + 5 = 15; recent 2 + 1 = 3 → projected 8 + 20·3/14 = 12.2857 < 15 → at risk
    assert county["target"] == 15 and r4(county["projected"]) == 12.2857 and county["status"] == st.AT_RISK


def test_filters_by_channel_kind_and_size(ds):
    frame = township_rollup(ds.campaign, ReportFilters(channel_kind="poster"), today=TODAY).set_index("name")
    # A's poster responses: #1 (3, passed) and #3 (1); #10 apart; poster scans 4; firms are not filtered by channel.
    assert (frame.loc["尧渡镇"].responses, frame.loc["尧渡镇"].passed, frame.loc["尧渡镇"].scans) == (2, 1, 4)
    assert frame.loc["尧渡镇"].out_of_population == 1
    assert frame.loc["尧渡镇"].firms == 10
    assert frame.loc["胜利镇"].responses == 0 and frame.loc["东流镇"].responses == 1
    micro = township_rollup(ds.campaign, ReportFilters(size_class="micro"), today=TODAY).set_index("name")
    # A's micro firms: A2, A4, A6, A8, A10 (5, of which A2 and A4 uninsured); responses from micro firms: #2, #4.
    assert (micro.loc["尧渡镇"].firms, micro.loc["尧渡镇"].uninsured, micro.loc["尧渡镇"].responses) == (5, 2, 2)
    dated = township_rollup(ds.campaign, ReportFilters(date_from=TODAY.replace(day=1)), today=TODAY).set_index("name")
    assert dated.loc["尧渡镇"].responses == 2 and dated.loc["胜利镇"].responses == 0  # #1 and #2 in June


def test_question_rates_and_least_known(ds):
    county, per_township = question_rates(ds.campaign)
    # Q1: A 3/4, B 1/1, C 3/3 = 7/8; Q2: 2/4 + 1 + 3/3 = 6/8; Q3: 1/4 + 1 + 2/3 = 4/8
    rates = dict(zip(county["position"], zip(county["correct"], county["answered"], strict=True), strict=True))
    assert rates == {1: (7, 8), 2: (6, 8), 3: (4, 8)}
    ranked = least_known(ds.campaign)
    assert list(ranked["position"]) == [3, 2, 1]
    q3 = ranked.iloc[0]
    assert (r4(q3.low), r4(q3.high)) == (0.2588, 0.7412)  # Wilson(4, 8) with f = 12/19: .5 ± .24124
    assert q3.policy_url == ds.policy_page.url
    a = per_township[per_township["township_id"] == ds.towns["A"].pk].set_index("position")
    assert (a.loc[1].correct, a.loc[2].correct, a.loc[3].correct, a.loc[1].answered) == (3, 2, 1, 4)
    mine = least_known(ds.campaign, township_id=ds.towns["D"].pk)
    assert list(mine["answered"]) == [0, 0, 0] and mine["rate"].isna().all()


def test_breakdowns_funnel_and_weeks(ds):
    kinds = breakdown(ds.campaign, "channel_kind").set_index("value")
    # In-population only. poster: #1 (pass), #3, #6 (pass); service hall: #7, #8, #9 (all pass); wechat: #2; none: #4
    assert (kinds.loc["poster"].responses, kinds.loc["poster"].passed) == (3, 2)
    assert (kinds.loc["service_hall"].responses, kinds.loc["service_hall"].passed) == (3, 3)
    assert kinds.loc[""].label == "未关联" and kinds.loc[""].responses == 1
    sizes = breakdown(ds.campaign, "size_class").set_index("value")
    # micro firms that answered: A2 (#2), A4 (#4), C1, C2, C3 (#7–#9); small: A1, A3, B1; no medium (#11 apart)
    assert (sizes.loc["micro"].responses, sizes.loc["small"].responses) == (5, 3) and set(sizes.index) == {"micro", "small"}
    from reports.labels import INDUSTRY_SECTION_NAMES

    industries = breakdown(ds.campaign, "industry")
    named = industries[industries["value"] != ""]
    assert len(named) and all(row.label == f"{row.value} {INDUSTRY_SECTION_NAMES[row.value]}" for row in named.itertuples())
    funnel = channel_funnel(ds.campaign).set_index("label")
    # Hand-made rows (no HTTP): 4 scans, 5 tokens none sent; the funnel counts every response the
    # channel brought: #1, #3 and the unregistered #10.
    poster = funnel.loc["A-poster"]
    assert (poster.scans, poster.opens, poster.submitted, poster.stored) == (4, 5, 0, 3)
    assert poster.complete_rate == 0.6  # stored ÷ opened
    weeks = weekly_responses(ds.campaign)
    assert weeks["responses"].sum() == 8
