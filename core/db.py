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
