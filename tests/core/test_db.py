"""core.db: statistics rows commit without waiting for the WAL flush, and nothing else does."""

import datetime

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from campaigns.models import Campaign, Channel, Scan


@pytest.mark.django_db(transaction=True)
def test_a_scan_commits_as_a_statistic_and_leaves_the_session_durable(townships):
    campaign = Campaign.objects.create(name="持久性测试", starts_on=datetime.date(2024, 3, 1), ends_on=datetime.date(2024, 12, 31))
    channel = Channel.objects.create(campaign=campaign, township=townships["尧渡镇"], kind=Channel.Kind.POSTER)
    client = Client()
    Client().get(f"/q/{channel.code}")  # warms the channel lookup (another phone: a browser's rescan counts nothing)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/q/{channel.code}").status_code == 302
    writes = [q["sql"] for q in queries if "INSERT" in q["sql"]]
    assert len(writes) == 1 and len(queries) == 1  # one round trip, no BEGIN/COMMIT
    assert Scan.objects.filter(channel=channel).count() == 2
    if connection.vendor == "postgresql":
        assert writes[0].startswith("SET LOCAL synchronous_commit TO OFF;")
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"  # the next transaction (say, an answer) waits for the flush
    else:
        assert "synchronous_commit" not in writes[0]


def test_inside_a_transaction_a_statistic_is_an_ordinary_write(client, townships):
    campaign = Campaign.objects.create(name="事务内测试", starts_on=datetime.date(2024, 3, 1), ends_on=datetime.date(2024, 12, 31))
    channel = Channel.objects.create(campaign=campaign, township=townships["东流镇"], kind=Channel.Kind.POSTER)
    Client().get(f"/q/{channel.code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/q/{channel.code}")
    assert all("synchronous_commit" not in q["sql"] for q in queries)
    assert Scan.objects.filter(channel=channel).count() == 2
