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
