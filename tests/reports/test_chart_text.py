"""Done-when 3 of issue 17, through HTTP: every chart on the dashboard is an image named by
its <title> and described by its <desc>, with the same figures as a table next to it."""

import re
from html.parser import HTMLParser

import pytest

from django.urls import reverse

pytestmark = pytest.mark.django_db


class ChartPage(HTMLParser):
    """The dashboard's SVG images that are not hidden from assistive technology (attributes, title, desc) and its chart-data tables
    (keyed by data-chart-table, rows of cell texts)."""

    def __init__(self):
        super().__init__()
        self.charts, self.tables, self._text, self._table, self._row = [], {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and attrs.get("aria-hidden") != "true":  # Wagtail's icons are hidden
            self.charts.append({"attrs": attrs, "title": None, "desc": None})
        elif tag in ("title", "desc") and self.charts and self.charts[-1][tag] is None:
            self.charts[-1][tag] = {"id": attrs.get("id"), "text": ""}
            self._text = self.charts[-1][tag]
        elif tag == "details" and "data-chart-table" in attrs:
            self._table = self.tables.setdefault(attrs["data-chart-table"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
            self._table.append(self._row)
        elif tag in ("th", "td") and self._row is not None:
            self._row.append("")

    def handle_endtag(self, tag):
        if tag in ("title", "desc"):
            self._text = None
        elif tag == "details":
            self._table = self._row = None

    def handle_data(self, data):
        if self._text is not None:
            self._text["text"] += data
        elif self._row:
            self._row[-1] += data.strip()


def test_every_dashboard_chart_has_a_text_alternative_and_a_data_table(client, ds, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("reports:dashboard") + f"?campaign={ds.campaign.pk}").content.decode()
    page = ChartPage()
    page.feed(html)
    shown = [c["attrs"]["id"] for c in page.charts if "reports-chart" in c["attrs"].get("class", "")]
    assert shown == ["awareness-chart", "trend-chart"], "the dashboard shows both charts"
    for chart in page.charts:
        attrs, title, desc = chart["attrs"], chart["title"], chart["desc"]
        assert attrs.get("role") == "img"
        assert title and desc and title["text"].strip() and desc["text"].strip()
        assert attrs["aria-labelledby"].split() == [title["id"], desc["id"]]
        table = page.tables[attrs["id"]]
        header, *body = table
        assert body, attrs["id"]
        if attrs["id"] != "awareness-chart":  # the weekly trend: tests/reports/test_trend.py
            continue
        assert header == ["乡镇", "知晓率", "95%区间", "有效答卷"]
        rows = {r[0]: r[1:] for r in body}
        # 尧渡镇: four answers of registered small/micro firms, two passed (tests/reports/test_rollup.py).
        assert rows["尧渡镇"][0].startswith("50.0%") and rows["尧渡镇"][2] == "4"
        assert rows["东流镇"][0].startswith("100.0%") and rows["东流镇"][2] == "1"
        assert re.search(r"尧渡镇：50\.0%，95%置信区间 [\d.]+%–[\d.]+%（n=4）", desc["text"])
        for name, (rate, interval, n) in rows.items():  # the table and the description agree
            if rate != "无答卷":
                assert f"{name}：{rate.rstrip(' *')}，95%置信区间 {interval}（n={n}）" in desc["text"]
