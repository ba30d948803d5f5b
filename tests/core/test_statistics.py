"""The planner's statistics are refreshed where tables change in bulk (core.db), and the
SQLite development database takes its write lock up front."""

import pytest

from django.core.management import call_command
from django.db import connection

from campaigns.benchmarks import make_registry_file
from campaigns.imports import apply_batch
from campaigns.models import Enterprise, ImportBatch


@pytest.fixture
def sqlite_without_statistics(db):
    """SQLite with its statistics table emptied (PostgreSQL keeps its own in pg_class,
    which the test role cannot reset)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's sqlite_stat1")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # creates sqlite_stat1 if it is missing
        cursor.execute("DELETE FROM sqlite_stat1")


def firms_per_statistics() -> int | None:
    """How many firms the planner believes there are (None: no statistics)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [Enterprise._meta.db_table])
        row = cursor.fetchone()
    return int(row[0].split()[0]) if row else None


def test_a_registry_import_leaves_the_planner_knowing_the_new_firms(townships, sqlite_without_statistics):
    batch = ImportBatch.objects.create(kind=ImportBatch.Kind.REGISTRY, original_name="registry.csv")
    apply_batch(batch, make_registry_file("csv", 60))
    assert Enterprise.objects.count() == 60
    assert firms_per_statistics() == 60


def test_migrate_refreshes_the_statistics(townships, sqlite_without_statistics):
    Enterprise.objects.bulk_create(
        [Enterprise(name=f"统计测试企业{i}", uscc=f"STAT{i:014d}", township=townships["尧渡镇"]) for i in range(25)]
    )
    call_command("migrate", verbosity=0)
    assert firms_per_statistics() == 25


def test_sqlite_transactions_take_the_write_lock_when_they_begin():
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] >= 5  # busy_timeout, seconds
