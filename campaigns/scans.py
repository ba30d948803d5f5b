"""Scans of channel QR codes: count one, then send the visitor to the survey."""

from __future__ import annotations

import random
import time

from django.db import OperationalError, connection
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.db import db_datetime, execute_statistic

from .channels import ChannelInfo, channel_info
from .models import Scan


class ChannelUnavailable(Exception):
    """The code is unknown (status 404) or the channel is paused/expired (410)."""

    def __init__(self, status: int, reason: str, brand: str = ""):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.brand = brand  # the campaign region whose names head the page (ChannelInfo.brand)


def survey_answer_url(channel: ChannelInfo) -> str:
    """The survey answering page for this channel (built by the surveys app)."""
    try:
        return reverse("surveys:answer", kwargs={"code": channel.code})
    except NoReverseMatch:
        return f"/s/{channel.code}/"


def record_scan(code: str, count: bool = True) -> ChannelInfo:
    """The live channel of a code, counting one scan of it unless `count` is false (the
    browser scanned it already today, or a machine fetched the URL: campaigns.visitors).
    Each scan is its own row (an INSERT, never a read-modify-write), so concurrent scans
    cannot lose counts."""
    channel = channel_info(code.lower())
    if channel is None:
        raise ChannelUnavailable(404, "unknown")
    reason = channel.unavailable_reason()
    if reason:
        raise ChannelUnavailable(410, reason, channel.brand)
    if count:
        insert_scan(channel.id)
    return channel


def insert_scan(channel_id: int, attempts: int = 8) -> None:
    """One INSERT statement in autocommit: a scan is the hot path of every QR poster, so
    it costs a single round trip (no ORM instance, no explicit transaction, no wait for
    the WAL flush: see core.db.execute_statistic)."""
    sql = f"INSERT INTO {Scan._meta.db_table} (channel_id, scanned_at) VALUES (%s, %s)"  # noqa: S608 - table name from the model
    # SQLite (development) may report a locked table under concurrent writers; a short
    # back-off keeps every scan. PostgreSQL never needs the retry.
    for attempt in range(attempts):
        try:
            with connection.cursor() as cursor:
                execute_statistic(cursor, sql, [channel_id, db_datetime(timezone.now())])
            return
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1) + random.random() * 0.01)


def scan_counts(channels) -> dict[int, int]:
    """channel id → number of scans."""
    rows = Scan.objects.filter(channel__in=channels).values("channel").annotate(n=Count("id"))
    return {row["channel"]: row["n"] for row in rows}
