"""The region migrations on the demo, backwards and forwards again: 9-digit township codes
before, 12 digits after, no row lost on the way, every township under its county, each
campaign under the county its townships share (none when they span several), and 东至县's
county figures identical."""

from __future__ import annotations

import datetime
import io
import json
from unittest import mock

import pytest

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from campaigns.demo_city import city_campaign
from campaigns.models import Campaign, Township
from regions.models import Region

FIXED = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
BEFORE_REGIONS = [("campaigns", "0011_enterprise_new_registration_intake")]
APPS = ("campaigns_", "surveys_", "reports_", "followups_")
# Rows of a table the schema before regions has not: they go with their table.
REGION_ONLY_TABLES = {"campaigns_regiontarget"}

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets=None) -> None:
    """Migrate to `targets` (the latest migrations when None), as `manage.py migrate` would."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if t.startswith(APPS)]
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (introspected names)
            counts[table] = cursor.fetchone()[0]
    return counts


def township_codes() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT code FROM campaigns_township ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def dongzhi_figures() -> str:
    from reports.signoff import county_snapshot

    campaign = Campaign.objects.filter(name__contains="东至").get()
    return json.dumps(county_snapshot(campaign, today=FIXED.date()), default=str, sort_keys=True)


def test_region_migrations_round_trip_on_the_demo(reviewer, wagtail_site):
    # wagtail_site: a transactional test run before this one flushed the root page the
    # migrations made (serialized_rollback would restore it but leave the permissions
    # flushed for the tests after this one).
    from reports.models import SignOff

    with mock.patch("django.utils.timezone.now", return_value=FIXED):
        call_command("load_demo", stdout=io.StringIO())
        dongzhi = Campaign.objects.filter(name__contains="东至").get()
        county = Region.objects.get(code="341721000000")
        SignOff.objects.create(campaign=dongzhi, level=SignOff.Level.COUNTY, region=county, signed_by=reviewer,
                               comment="同意", figures={})
        figures = dongzhi_figures()
        counts = table_counts()
        codes = township_codes()
    assert all(len(code) == 12 for code in codes) and len(codes) > 17
    try:
        migrate(BEFORE_REGIONS)
        old_codes = township_codes()
        assert old_codes == [code[:9] for code in codes]  # the same rows, 9 digits again
        old_counts = table_counts()
        assert set(counts) - set(old_counts) == REGION_ONLY_TABLES
        assert {t: counts[t] for t in old_counts} == old_counts
    finally:
        migrate()
    assert township_codes() == codes
    assert {t: n for t, n in table_counts().items() if t not in REGION_ONLY_TABLES} == {
        t: n for t, n in counts.items() if t not in REGION_ONLY_TABLES}
    for township in Township.objects.select_related("county"):
        assert township.county.level == Region.Level.COUNTY and township.code[:6] == township.county.code[:6]
    dongzhi.refresh_from_db()
    assert dongzhi.region == county
    assert SignOff.objects.get(level=SignOff.Level.COUNTY).region == county
    # The city campaign's townships span 13 counties: no single county to give it.
    assert city_campaign().region is None
    with mock.patch("django.utils.timezone.now", return_value=FIXED):
        assert dongzhi_figures() == figures
