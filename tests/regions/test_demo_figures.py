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

from django.core.management import call_command

from campaigns.models import Campaign

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
