"""The weekly trend (reports.trend) through HTTP: the figures behind the dashboard's and the
township page's line chart equal a recomputation from the raw rows with pandas; the chart
is an accessible server-drawn SVG with its data table behind <details>."""

import datetime
import re

import pandas as pd
import pytest

from django.urls import reverse
from django.utils import timezone

from campaigns.models import SMALL_OR_MICRO, Enterprise
from surveys.models import Response

pytestmark = pytest.mark.django_db
ROW = re.compile(r'<tr data-trend-row data-township="(\w+)" data-week="([\d-]+)">(.*?)</tr>', re.S)
CELL = re.compile(r'data-col="(\w+)"(?: data-value="([^"]*)")?>([^<]*)<')


def _page_series(html: str) -> pd.DataFrame:
    rows = []
    for township, week, body in ROW.findall(html):
        cells = {key: (value if value else text) for key, value, text in CELL.findall(body)}
        rows.append({"township": township, "week": datetime.date.fromisoformat(week),
                     "responses": int(cells["responses"]), "cumulative": int(cells["cumulative"]),
                     "coverage": None if cells["coverage"] == "None" else float(cells["coverage"]),
                     "awareness": None if cells["awareness"] == "None" else float(cells["awareness"])})
    return pd.DataFrame(rows)


def _recomputed(ds, weeks: list[datetime.date]) -> pd.DataFrame:
    """From the raw rows: in-population current responses (registered small/micro firm of
    the response's own township), by local Monday; cumulative counts ÷ N and passes ÷ n."""
    responses = pd.DataFrame(list(Response.objects.filter(survey=ds.survey, status="current").values(
        "township_id", "submitted_at", "passed", "enterprise__size_class", "enterprise__township_id")))
    inside = responses["enterprise__size_class"].isin(SMALL_OR_MICRO) & (
        responses["enterprise__township_id"] == responses["township_id"])
    responses = responses[inside].copy()
    responses["day"] = [timezone.localtime(t).date() for t in responses["submitted_at"]]
    responses["week"] = [d - datetime.timedelta(days=d.weekday()) for d in responses["day"]]
    firms = pd.DataFrame(list(Enterprise.objects.filter(size_class__in=SMALL_OR_MICRO).values("township_id")))
    n_firms = firms.groupby("township_id").size()
    out = []
    scopes = [("county", responses, int(n_firms.sum()))] + [
        (str(town.pk), responses[responses["township_id"] == town.pk], int(n_firms.get(town.pk, 0)))
        for town in ds.towns.values()]
    for scope, frame, population in scopes:
        for week in weeks:
            upto = frame[frame["week"] <= week]
            n = len(upto)
            out.append({"township": scope, "week": week, "responses": int((frame["week"] == week).sum()),
                        "cumulative": n, "coverage": n / population if population else None,
                        "awareness": int(upto["passed"].sum()) / n if n else None})
    return pd.DataFrame(out)


def _compare(page: pd.DataFrame, expected: pd.DataFrame, scopes: list[str]) -> None:
    for scope in scopes:
        got = page[page["township"] == scope].reset_index(drop=True)
        want = expected[expected["township"] == scope].reset_index(drop=True)
        assert len(got) == len(want) > 0, scope
        for key in ("week", "responses", "cumulative"):
            assert got[key].tolist() == want[key].tolist(), (scope, key)
        for key in ("coverage", "awareness"):
            for a, b in zip(got[key], want[key], strict=True):
                assert (a is None or pd.isna(a)) == (b is None or pd.isna(b)), (scope, key)
                if b is not None and not pd.isna(b):
                    assert a == pytest.approx(b, abs=1e-12), (scope, key)


def test_dashboard_trend_equals_recomputation_from_raw_rows(client, ds, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("reports:dashboard") + f"?campaign={ds.campaign.pk}").content.decode()
    page = _page_series(html)
    weeks = sorted(page.loc[page["township"] == "county", "week"])
    assert weeks[0] <= datetime.date(2026, 3, 1) and weeks[-1] >= datetime.date(2026, 6, 8)
    assert all((b - a).days == 7 for a, b in zip(weeks, weeks[1:], strict=False))  # continuous Mondays
    assert all(w.weekday() == 0 for w in weeks)
    expected = _recomputed(ds, weeks)
    _compare(page, expected, ["county"] + [str(t.pk) for t in ds.towns.values()])
    assert page.loc[page["township"] == "county", "responses"].sum() > 3
    svg = re.search(r'<svg[^>]*id="trend-chart".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in svg and "<title id=\"trend-chart-title\">" in svg and "<desc id=\"trend-chart-desc\">" in svg
    assert "<polyline" in svg and "<script" not in html.split('id="trend-chart"')[1].split("</svg>")[0]
    assert re.search(r'<details class="reports-chart-data" data-chart-table="trend-chart">', html)
    last = expected[(expected["township"] == "county")].iloc[-1]
    assert f'{last["coverage"] * 100:.1f}%' in svg.split("<desc")[1].split("</desc>")[0]


def test_township_page_trend_and_officer_scope(client, ds, reviewer, officer_yaodu):
    town = ds.towns["A"]
    client.force_login(reviewer)
    html = client.get(reverse("reports:township", args=[town.pk]) + f"?campaign={ds.campaign.pk}").content.decode()
    page = _page_series(html)
    assert set(page["township"]) == {str(town.pk)}
    _compare(page, _recomputed(ds, sorted(page["week"])), [str(town.pk)])
    assert 'id="trend-chart"' in html and town.name in re.search(r"<title id=\"trend-chart-title\">(.*?)</title>", html).group(1)

    client.force_login(officer_yaodu)  # 尧渡镇's officer: no county line, only the own township
    html = client.get(reverse("reports:dashboard") + f"?campaign={ds.campaign.pk}").content.decode()
    assert set(_page_series(html)["township"]) == {str(town.pk)}
