"""`bench report --townships N`: the provincial bench keeps working at a tiny size, its
fill makes what it says, and its SQL limit counts what the roll-up counts at every level."""

import json
from io import StringIO

from django.core.management import call_command

from campaigns.models import Enterprise, Township
from regions.models import Region
from reports import province_fill as pf
from reports.province_benchmark import LEVELS, limit, ours, prepare, same_counts
from surveys.models import Answer, Response


def test_bench_report_for_a_province_prints_one_json_line_with_every_level(db):
    out = StringIO()
    call_command("bench", "report", "--townships", "20", "--firms", "300", "--responses", "200", "--repeat", "1",
                 stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["bench"] == "report" and result["townships"] == 20 and result["counts_match"] is True
    assert set(result["levels"]) == set(LEVELS)
    assert result["levels"]["township"]["rows"] == 20 and result["levels"]["province"]["rows"] == 1
    assert result["levels"]["county"]["rows"] == result["counties"] == 2
    assert result["levels"]["city"]["rows"] == result["cities"] == 2
    assert result["answers"] == 17 * 204
    assert result["dashboard_city_s"] > 0 and result["dashboard_province_s"] > 0
    assert result["peak_rss_mb"] > 0 and result["fill_s"] is not None


def test_the_fill_builds_a_province_and_a_second_run_reuses_it(db):
    campaign, cities, fill_s, _ = prepare(30, 400, 250)
    assert fill_s is not None
    province = Region.objects.get(code=pf.PROVINCE_CODE)
    assert campaign.region == province and {c.parent_id for c in cities} == {province.pk}
    towns = Township.objects.filter(code__startswith="99")
    assert towns.count() == 30 and all(len(t.code) == 12 and t.county.parent.parent == province for t in towns)
    assert Enterprise.objects.filter(uscc__startswith="P").count() == 400
    current = Response.objects.filter(survey=campaign.survey, status="current")
    assert current.count() == 250 and Response.objects.filter(survey=campaign.survey, status="replaced").count() == 5
    assert current.filter(enterprise__isnull=False).exists() and current.filter(enterprise__isnull=True).exists()
    # The score is the number of knowledge questions answered correctly.
    response = current.order_by("id")[7]
    assert Answer.objects.filter(response=response, is_correct=True).count() == response.score
    assert prepare(30, 400, 250)[2] is None


def test_the_limit_agrees_with_the_rollup_at_every_level(db):
    campaign, *_ = prepare(20, 300, 200)
    for level in LEVELS:
        assert same_counts(ours(campaign, level), limit(campaign, level)), level


def test_bench_dashboard_keeps_working_at_a_tiny_size(db):
    """`bench dashboard` (the county page after an import): it had rotted once, importing a
    helper that no longer existed."""
    out = StringIO()
    call_command("bench", "dashboard", "--firms", "200", "--repeat", "1", stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["bench"] == "dashboard" and result["firms"] == 200 and result["best_s"] > 0
