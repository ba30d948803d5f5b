"""The benchmark commands keep working: `bench submit` runs real respondent flows, and the
load generator behind `make loadtest` completes flows against a live server."""

import json
from io import StringIO
from urllib.parse import urlsplit

import pytest

from django.core.management import call_command
from django.db import connection

from campaigns.uscc import make_uscc
from surveys.loadgen import run_phones
from surveys.models import Response


def test_bench_submit_prints_one_json_line_and_stores_every_respondent(db, townships):
    out = StringIO()
    call_command("bench", "submit", "--respondents", "4", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["bench"] == "submit" and result["respondents"] == 4 and result["stored"] == 4
    assert result["entry"] == "/q/<code>" and result["flows_per_s"] > 0
    assert Response.objects.count() == 5  # the four timed respondents and one warm-up


@pytest.mark.django_db(transaction=True)
def test_load_generator_phones_are_acknowledged_and_stored(live_server, channel):
    # The live server's SQLite test database is shared-cache in memory, where concurrent
    # writers fail at once instead of waiting: several phones at a time only on PostgreSQL.
    phones = 3 if connection.vendor == "postgresql" else 1
    address = urlsplit(live_server.url)
    codes = [make_uscc("91341721", f"{30_000_000 + i:08d}") for i in range(40)]
    tally, elapsed = run_phones(
        address.hostname, address.port, f"/q/{channel.code}", codes, phones=phones, seconds=1.5, think=0.05
    )
    assert tally.errors == {}
    assert len(tally.acknowledged) >= 3
    stored = set(Response.objects.values_list("form_token", flat=True))
    assert stored == set(tally.acknowledged)  # nothing lost, nothing duplicated
    assert set(tally.by_step) == {"q", "POST"}  # the QR URL serves the form; no redirect step
