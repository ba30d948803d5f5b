import json
from io import StringIO

import pytest

from django.core.management import call_command

from campaigns.models import Campaign, Channel, Enterprise


def run(*args, **options) -> dict:
    out = StringIO()
    call_command("bench", *args, stdout=out, **options)
    (line,) = out.getvalue().strip().splitlines()
    return json.loads(line)


def test_bench_qr_prints_one_json_line_and_leaves_nothing(townships):
    result = run("qr", channels=5)
    assert result["bench"] == "qr" and result["channels"] == 5
    assert result["seconds"] > 0 and result["per_item_ms"] > 0 and result["peak_rss_mb"] > 0
    assert Channel.objects.count() == 0 and Campaign.objects.count() == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "xls", "ods"])
def test_bench_import_prints_one_json_line_and_leaves_nothing(townships, fmt):
    result = run("import", rows=300, format=fmt)
    assert result["created"] == 300 and result["rejected"] == 0 and result["reimport_unchanged"] == 300
    assert result["read_rows"] == 300 and result["format"].startswith(fmt)
    for figure in ("seconds", "cpu_seconds", "read_seconds", "peak_rss_mb", "load_average"):
        assert isinstance(result[figure], float | int) and result[figure] >= 0
    assert Enterprise.objects.count() == 0
