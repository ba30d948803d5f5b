"""`manage.py bench pages` prints one JSON line within the query budget."""

import json
from io import StringIO

from django.core.management import call_command


def test_bench_pages_prints_one_json_line(db, townships):
    out = StringIO()
    call_command("bench", "pages", "--repeat", "5", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["bench"] == "pages"
    assert set(result["pages"]) == {"home", "article", "publicity_month"}
    for figures in result["pages"].values():
        assert figures["cold_queries"] <= 25
        assert figures["warm_queries"] == 0
        assert figures["warm_median_ms"] > 0
