"""Database helpers shared by apps."""

from contextlib import nullcontext

from django.db import connection, transaction


def single_statement():
    """Guard for one self-contained write statement run in autocommit: the statement is its
    own transaction (no BEGIN/COMMIT round trips). Inside an enclosing transaction a
    savepoint keeps a failed statement (say, a unique violation that the caller handles)
    from breaking that transaction."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


def db_datetime(value):
    """A datetime as the backend stores it, for raw SQL parameters."""
    return connection.ops.adapt_datetimefield_value(value)


def execute_statistic(cursor, sql: str, params) -> None:
    """Write a statistics row (a QR scan, a form start) in autocommit. On PostgreSQL, in
    the same round trip, the statement's implicit transaction commits without waiting for
    the WAL flush (SET LOCAL lasts only for that transaction): a crash can lose the last
    few counts, never an answer, which is always written with a synchronous commit."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        sql = "SET LOCAL synchronous_commit TO OFF; " + sql
    cursor.execute(sql, params)


def vacuum_analyze(cursor, table: str) -> None:
    """After a bulk load: on PostgreSQL VACUUM ANALYZE (the visibility map lets the planner
    choose index-only scans), but plain ANALYZE inside a transaction, where VACUUM cannot
    run (a test's transaction); on SQLite ANALYZE."""
    name = connection.ops.quote_name(table)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        cursor.execute(f"VACUUM ANALYZE {name}")
    else:
        cursor.execute(f"ANALYZE {name}")


# Rows SQLite samples per index when analysing: approximate statistics, quick on a large file.
ANALYSIS_LIMIT = 2000


def refresh_planner_statistics(tables: list[str] | None = None, using: str = "default") -> None:
    """ANALYZE so the query planner knows the tables' sizes. SQLite keeps no statistics of
    its own: after a bulk import of 33,000 firms the dashboard took ~40 s (0.03 s after
    ANALYZE). On SQLite the whole database is analysed (statistics for some tables but
    none for others mislead the planner worse than none at all), sampling at most
    ANALYSIS_LIMIT rows per index so it stays quick on a large file. On PostgreSQL only
    `tables` (when given): autovacuum keeps the rest fresh. Called after registry
    imports, on `migrate` and at the end of `load_demo`; worth running periodically too,
    since tables that were empty when last analysed (responses after `migrate`) grow."""
    from django.db import connections

    conn = connections[using]
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
        elif conn.vendor == "postgresql":
            if not tables:
                cursor.execute("ANALYZE")
            for table in tables or ():
                cursor.execute(f"ANALYZE {conn.ops.quote_name(table)}")
