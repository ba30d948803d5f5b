"""Database helpers shared by apps."""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def relaxed_durability():
    """Commit statistics rows (QR scans, form starts) without waiting for PostgreSQL's
    WAL flush. A crash can lose the last few counts, never an answer: responses are
    written with the normal, synchronous commit. Elsewhere this does nothing."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield
